package org.zarrrelay.camel;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.zarrrelay.RelayException;

/**
 * Proves the HTTP API's address can be listened on before anything starts. Camel's HTTP server
 * binds asynchronously and, when the port is taken, only logs it and runs on without its API;
 * binding once here (and letting go at once) turns that into an error at start.
 */
final class HttpPortCheck {
    private HttpPortCheck() {
    }

    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // as the HTTP server binds: a port left in TIME_WAIT by a relay just stopped is free
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new RelayException("port " + port + " on " + host + " is already in use (another relay or program"
                    + " listens there): stop it, or give the HTTP API a free port with the setting relay.http.port"
                    + " (--set relay.http.port=<port>)", e);
        } catch (IOException e) {
            throw new RelayException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): check"
                    + " relay.http.host and relay.http.port", e);
        }
    }
}
