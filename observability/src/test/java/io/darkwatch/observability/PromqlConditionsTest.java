package io.darkwatch.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromqlConditionsTest {

    @Test
    void shouldTurnTheTopLevelComparisonIntoABoolOne() {
        assertEquals(List.of("up{job=~\"darkwatch.*\"} == bool 0"), PromqlConditions.signals("up{job=~\"darkwatch.*\"} == 0"));
    }

    @Test
    void shouldLeaveComparisonsInsideMatchersBracketsAndStringsAlone() {
        String expr = "sum by (sensor) (rate(x{a!=\"b>c\", d=\"==\"}[10m])) != 2";
        assertEquals(List.of("sum by (sensor) (rate(x{a!=\"b>c\", d=\"==\"}[10m])) != bool 2"),
                PromqlConditions.signals(expr));
    }

    @Test
    void shouldCheckEachOperandOfASetOperatorOnItsOwn() {
        String expr = "sum(rate(a[15m])) == 0 and sum(rate(b[15m])) > 0";
        assertEquals(List.of("sum(rate(a[15m])) == bool 0", "sum(rate(b[15m])) > bool 0"), PromqlConditions.signals(expr));
    }

    @Test
    void shouldNotSplitAtAnOperatorNameInsideALabelValueOrAMetricName() {
        String expr = "x{mode=\"and\"} / ignoring(or_label) y_unless_total >= 0.5";
        assertEquals(List.of("x{mode=\"and\"} / ignoring(or_label) y_unless_total >= bool 0.5"),
                PromqlConditions.signals(expr));
    }

    @Test
    void shouldKeepAnExpressionWithoutComparisonOrWithBoolAsItIs() {
        assertEquals(List.of("rate(a[5m])"), PromqlConditions.signals("rate(a[5m])"));
        assertEquals(List.of("a > bool 1"), PromqlConditions.signals("a > bool 1"));
    }
}
