package org.zarrrelay.camel;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An ActiveMQ Artemis broker inside the test JVM on a loopback TCP port, plus a client session. The
 * request queue is exclusive, as README "Running several workers" asks of a broker.
 */
final class EmbeddedBroker implements AutoCloseable {
    final String url;
    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final Connection connection;
    final Session session;

    EmbeddedBroker() throws Exception {
        url = "tcp://127.0.0.1:" + ApiClient.freePort();
        Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .setJournalDirectory("target/artemis").addAcceptorConfiguration("tcp", url)
                // as README "Running several workers" asks of the broker: one dispatcher at a time
                .addAddressSetting("zarr-relay.requests", new AddressSettings().setDefaultExclusiveQueue(true));
        server.setConfiguration(config);
        server.start();
        connection = new ActiveMQConnectionFactory(url).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    void send(String queue, String text) throws JMSException {
        TextMessage m = session.createTextMessage(text);
        session.createProducer(session.createQueue(queue)).send(m);
    }

    MessageConsumer consumer(String queue) throws JMSException {
        return session.createConsumer(session.createQueue(queue));
    }

    MessageConsumer subscriber(String topic) throws JMSException {
        return session.createConsumer(session.createTopic(topic));
    }

    /** Messages on the queue, those handed to a consumer and not acknowledged yet included. */
    long messageCount(String queue) {
        org.apache.activemq.artemis.core.server.Queue q = server.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }

    /** Messages of the queue handed to a consumer that has not acknowledged them yet. */
    long deliveringCount(String queue) {
        org.apache.activemq.artemis.core.server.Queue q = server.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getDeliveringCount();
    }

    /** Whether the queue hands all its messages to one consumer at a time (Artemis' exclusive queue). */
    boolean isExclusive(String queue) {
        return server.getActiveMQServer().locateQueue(queue).isExclusive();
    }

    static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }

    @Override
    public void close() throws Exception {
        connection.close();
        server.stop();
    }
}
