package org.zarrrelay.camel;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;

/**
 * How many requests wait in the request queue, by browsing it (JMS has no count): every worker's
 * backlog, not only this one's. A browse stops at {@link #CAP} messages, so a huge backlog costs
 * a bounded scrape; -1 when the broker does not answer.
 */
final class QueueDepth {
    /** The most messages one browse counts. */
    static final int CAP = 100_000;

    private final ConnectionFactory broker;
    private final String queue;

    QueueDepth(ConnectionFactory broker, String queue) {
        this.broker = broker;
        this.queue = queue;
    }

    long count() {
        try (Connection c = broker.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                Enumeration<?> messages = browser.getEnumeration();
                long n = 0;
                while (n < CAP && messages.hasMoreElements()) {
                    messages.nextElement();
                    n++;
                }
                return n;
            }
        } catch (JMSException | RuntimeException e) {
            return -1;
        }
    }
}
