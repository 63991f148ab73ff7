package io.darkwatch.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an alert expression into the signals it compares, so that each can be checked to exist
 * even while the alert does not fire. An alert is {@code <signal> <comparison> <threshold>}, possibly
 * joined with {@code and}, {@code or} or {@code unless}: a healthy pipeline makes the comparison
 * filter every series away, which says nothing about whether the signal is there at all. With
 * PromQL's {@code bool} modifier the comparison returns 0 or 1 for every series instead of
 * filtering, so {@code up == bool 0} has a series exactly when {@code up} has.
 *
 * <p>Only the top level of the expression is looked at: operators inside parentheses, label
 * matchers ({@code {…}}), ranges ({@code […]}) and strings are left alone.
 */
final class PromqlConditions {
    private static final Pattern SET_OPERATOR = Pattern.compile("\\b(and|or|unless)\\b");
    private static final Pattern COMPARISON = Pattern.compile("==|!=|>=|<=|>|<");

    private PromqlConditions() {
    }

    /** Each operand of the top-level set operators, its top-level comparison made a {@code bool} one. */
    static List<String> signals(String expr) {
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(expr, SET_OPERATOR)) {
            out.add(withBoolComparison(part.strip()));
        }
        return out;
    }

    static String withBoolComparison(String expr) {
        boolean[] top = topLevel(expr);
        Matcher m = COMPARISON.matcher(expr);
        while (m.find()) {
            if (!top[m.start()]) {
                continue;
            }
            String after = expr.substring(m.end()).stripLeading();
            if (after.startsWith("bool")) {
                return expr;
            }
            return expr.substring(0, m.end()) + " bool" + expr.substring(m.end());
        }
        return expr;
    }

    private static List<String> splitTopLevel(String expr, Pattern operator) {
        boolean[] top = topLevel(expr);
        List<String> parts = new ArrayList<>();
        Matcher m = operator.matcher(expr);
        int from = 0;
        while (m.find()) {
            if (top[m.start()]) {
                parts.add(expr.substring(from, m.start()));
                from = m.end();
            }
        }
        parts.add(expr.substring(from));
        return parts;
    }

    /** For each character, whether it is outside every bracket and string. */
    private static boolean[] topLevel(String expr) {
        boolean[] top = new boolean[expr.length()];
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '{', '[' -> depth++;
                case ')', '}', ']' -> depth--;
                default -> top[i] = depth == 0;
            }
        }
        return top;
    }
}
