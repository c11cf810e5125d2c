package org.zarrrelay.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The check of relay.http.token, shared by the API's Camel routes and the server's own answers. */
final class BearerToken {
    private final byte[] expected;

    /** @param token relay.http.token, or null when calls need none */
    BearerToken(String token) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Why a call with this Authorization header is refused, or null when it may go on. */
    String refusal(String authorization) {
        if (expected == null) {
            return null;
        }
        // constant time, so the token cannot be guessed byte by byte from answer times
        if (authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return authorization == null ? "this call needs the header 'Authorization: Bearer <token>' (relay.http.token)"
                : "the bearer token is wrong: use the one set in relay.http.token";
    }
}
