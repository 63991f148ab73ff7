package io.darkwatch.cli.local;

/** One line of a ranking: a port such as "23/tcp" or a country code, and its packets. */
public record Ranked(String name, long count) {
}
