package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void anEmptyEnvironmentMeansAwsWithTheSdkChains() {
        S3Settings s = S3Settings.fromEnvironment(Map.of());
        assertEquals(new S3Settings("", "", false, "", "", 32), s);
        assertEquals(S3Settings.aws(), s);
        assertFalse(s.hasStaticCredentials());
    }

    @Test
    void readsEveryVariable() {
        S3Settings s = S3Settings.fromEnvironment(Map.of(
                "RELAY_S3_ENDPOINT", "http://127.0.0.1:9000",
                "RELAY_S3_REGION", "eu-west-3",
                "RELAY_S3_PATH_STYLE", "TRUE",
                "RELAY_S3_ACCESS_KEY", "minio",
                "RELAY_S3_SECRET_KEY", "minio-secret",
                "RELAY_S3_MAX_CONNECTIONS", "64"));
        assertEquals(new S3Settings("http://127.0.0.1:9000", "eu-west-3", true, "minio", "minio-secret", 64), s);
        assertTrue(s.hasStaticCredentials());
    }

    @Test
    void badValuesNameTheVariable() {
        assertTrue(assertThrows(StoreException.class, () -> S3Settings.fromEnvironment(Map.of("RELAY_S3_PATH_STYLE", "yes")))
                .getMessage().contains("RELAY_S3_PATH_STYLE is 'yes': set it to true or false"));
        assertTrue(assertThrows(StoreException.class, () -> S3Settings.fromEnvironment(Map.of("RELAY_S3_MAX_CONNECTIONS", "many")))
                .getMessage().contains("RELAY_S3_MAX_CONNECTIONS is 'many'"));
        assertTrue(assertThrows(StoreException.class, () -> S3Settings.fromEnvironment(Map.of("RELAY_S3_MAX_CONNECTIONS", "0")))
                .getMessage().contains("must be at least 1"));
        assertTrue(assertThrows(StoreException.class, () -> S3Settings.fromEnvironment(Map.of("RELAY_S3_ENDPOINT", "127.0.0.1:9000")))
                .getMessage().contains("must be an http:// or https:// URL"));
    }

    @Test
    void anAccessKeyNeedsASecretKeyAndTheOtherWayRound() {
        for (Map<String, String> env : java.util.List.of(Map.of("RELAY_S3_ACCESS_KEY", "a"), Map.of("RELAY_S3_SECRET_KEY", "s"))) {
            StoreException e = assertThrows(StoreException.class, () -> S3Settings.fromEnvironment(env));
            assertTrue(e.getMessage().contains("relay.s3.access-key and relay.s3.secret-key"), e.getMessage());
        }
    }

    @Test
    void theSecretKeyNeverShowsInText() {
        S3Settings s = new S3Settings("http://h:1", "r", true, "AK", "very-secret", 4);
        assertFalse(s.toString().contains("very-secret"), s.toString());
        assertTrue(s.toString().contains("AK"), s.toString());
    }
}
