package io.kiipush.gateway.internal.session;

import java.util.ArrayList;
import java.util.List;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;

/** Records opened links; the test drives their callbacks. */
final class FakeConnector implements MqttConnector {

    final class FakeLink implements MqttLink {
        final ConnectTarget target;
        final SessionSettings settings;
        final LinkListener listener;
        long lastInbound;
        int subscribeCalls;
        boolean closed;

        FakeLink(ConnectTarget target, SessionSettings settings, LinkListener listener) {
            this.target = target;
            this.settings = settings;
            this.listener = listener;
            this.lastInbound = ticker.nanoTime();
        }

        @Override
        public void subscribe() {
            subscribeCalls++;
        }

        @Override
        public long lastInboundNanos() {
            return lastInbound;
        }

        @Override
        public void close() {
            closed = true;
        }

        void connectAndSubscribe() {
            lastInbound = ticker.nanoTime();
            listener.connected(this);
            scheduler.runDue();
            listener.subscribed(this, 0);
            scheduler.runDue();
        }
    }

    private final ManualScheduler scheduler;
    private final Ticker ticker;
    final List<FakeLink> links = new ArrayList<>();
    Exception openFailure;

    FakeConnector(ManualScheduler scheduler) {
        this.scheduler = scheduler;
        this.ticker = scheduler;
    }

    @Override
    public MqttLink open(ConnectTarget target, SessionSettings settings, LinkListener listener) throws Exception {
        if (openFailure != null) {
            throw openFailure;
        }
        FakeLink link = new FakeLink(target, settings, listener);
        links.add(link);
        return link;
    }

    FakeLink last() {
        return links.get(links.size() - 1);
    }
}
