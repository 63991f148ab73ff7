package io.darkwatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void shouldReadAPeriodOfInstantsOrDatesACountryAndN() {
        QueryParameters p = QueryParameters.parse("from=2022-02-24&to=2022-02-25T06%3A00%3A00Z&country=ua&n=5")
                .allowOnly("from", "to", "country", "n");

        assertEquals(Instant.parse("2022-02-24T00:00:00Z"), p.period().from());
        assertEquals(Instant.parse("2022-02-25T06:00:00Z"), p.period().to());
        assertEquals(Optional.of("UA"), p.country());
        assertEquals(5, p.n(10));
        assertEquals(Signal.PACKETS, p.signal());
    }

    @Test
    void shouldNameAnUnknownParameterAndTheKnownOnes() {
        BadQueryException e = assertThrows(BadQueryException.class,
                () -> QueryParameters.parse("form=2022-02-24").allowOnly("from", "to"));

        assertEquals("unknown parameter 'form' (this endpoint takes from, to)", e.getMessage());
    }

    @Test
    void shouldRefuseBadValuesWithTheReason() {
        assertMessage("'from' is 'yesterday', not an ISO-8601 instant", "from=yesterday&to=2022-02-25");
        assertMessage("give both 'from' and 'to' (or neither); only 'from' was given", "from=2022-02-24");
        assertMessage("the period is empty", "from=2022-02-25&to=2022-02-24");
        assertMessage("longer than 400 days", "from=2020-01-01&to=2022-01-01");
        assertMessage("country 'Ukraine' is not a two-letter ISO 3166-1 code", "country=Ukraine");
        assertMessage("'n' is '0', not a whole number from 1 to 1000", "n=0");
        assertMessage("'n' is 'ten', not a whole number from 1 to 1000", "n=ten");
        assertMessage("signal 'syn' is not one of packets, backscatter, syn-ack, scan", "signal=syn");
        assertMessage("parameter 'n' is given twice", "n=1&n=2");
    }

    private static void assertMessage(String expected, String query) {
        BadQueryException e = assertThrows(BadQueryException.class, () -> {
            QueryParameters p = QueryParameters.parse(query);
            p.optionalPeriod();
            p.country();
            p.n(10);
            p.signal();
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void shouldRequireAPeriodWhereOneIsNeeded() {
        BadQueryException e = assertThrows(BadQueryException.class, () -> QueryParameters.parse("").period());

        assertTrue(e.getMessage().startsWith("'from' and 'to' are required"), e.getMessage());
    }
}
