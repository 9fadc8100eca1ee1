package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticResponsesTest {

    private final SyntheticResponses responses = new SyntheticResponses();

    @Test
    void relaysEveryParseCompleteWhileTheGatewayInsertedNothing() {
        responses.parseSent(false);
        responses.boundarySent();
        assertThat(responses.active()).isFalse();
        assertThat(responses.swallowParseComplete()).isFalse();
    }

    @Test
    void swallowsOnlyTheParseCompleteThatAnswersTheInsertedParse() {
        responses.parseSent(false);
        responses.parseSent(true);
        responses.parseSent(false);
        responses.boundarySent();

        assertThat(responses.swallowParseComplete()).as("client's first Parse").isFalse();
        assertThat(responses.swallowParseComplete()).as("gateway's Parse").isTrue();
        assertThat(responses.swallowParseComplete()).as("client's second Parse").isFalse();
        responses.readyReceived();
        assertThat(responses.active()).isFalse();
    }

    @Test
    void anErrorBeforeTheInsertedParseMeansItWillNeverBeAnswered() {
        responses.parseSent(false);
        responses.parseSent(true);
        responses.boundarySent();
        responses.parseSent(false);
        responses.boundarySent();

        assertThat(responses.swallowParseComplete()).isFalse();
        responses.errorReceived();
        responses.readyReceived();
        assertThat(responses.active()).isFalse();
        assertThat(responses.swallowParseComplete()).as("next batch's Parse is the client's").isFalse();
    }

    @Test
    void pipelinedBatchesKeepTheirOrder() {
        responses.parseSent(true);
        responses.boundarySent();
        responses.parseSent(false);
        responses.boundarySent();

        assertThat(responses.swallowParseComplete()).isTrue();
        responses.readyReceived();
        assertThat(responses.swallowParseComplete()).isFalse();
        responses.readyReceived();
        assertThat(responses.active()).isFalse();
    }
}
