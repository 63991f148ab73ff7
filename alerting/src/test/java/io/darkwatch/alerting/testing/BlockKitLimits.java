package io.darkwatch.alerting.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Slack's published limits for an incoming-webhook message (api.slack.com: "Block Kit" reference,
 * "chat.postMessage" text truncation), written down here independently of the message builder so
 * that a test checking a payload with it does not just repeat the builder's own constants:
 * at most 50 blocks; a header's plain_text at most 150 characters; a section's text at most 3000;
 * at most 10 fields of at most 2000 characters each; context at most 10 elements; the top-level
 * {@code text} at most 40,000 characters (Slack truncates beyond). Slack answers a message beyond
 * these with 400 {@code invalid_blocks}, which would lose the alert.
 */
public final class BlockKitLimits {
    public static final int BLOCKS = 50;
    public static final int HEADER_TEXT = 150;
    public static final int SECTION_TEXT = 3000;
    public static final int FIELDS = 10;
    public static final int FIELD_TEXT = 2000;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int MESSAGE_TEXT = 40_000;
    private static final Set<String> KNOWN_BLOCKS = Set.of("header", "section", "context", "rich_text", "divider");

    private BlockKitLimits() {
    }

    /** Every limit the JSON body breaks, empty when Slack would accept it. */
    public static List<String> problems(String body) {
        try {
            return problems(Json.mapper().readTree(body));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    public static List<String> problems(JsonNode message) {
        List<String> out = new ArrayList<>();
        JsonNode text = message.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            out.add("no plain-text fallback 'text'");
        } else if (text.asText().length() > MESSAGE_TEXT) {
            out.add("text of " + text.asText().length() + " characters > " + MESSAGE_TEXT);
        }
        JsonNode blocks = message.get("blocks");
        if (blocks == null || !blocks.isArray()) {
            out.add("no blocks array");
            return out;
        }
        if (blocks.size() > BLOCKS) {
            out.add(blocks.size() + " blocks > " + BLOCKS);
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String type = block.path("type").asText();
            String where = "block " + i + " (" + type + ")";
            if (!KNOWN_BLOCKS.contains(type)) {
                out.add(where + ": unknown block type");
            }
            switch (type) {
                case "header" -> {
                    if (!"plain_text".equals(block.at("/text/type").asText())) {
                        out.add(where + ": header text must be plain_text");
                    }
                    limit(out, where + " text", block.at("/text/text"), HEADER_TEXT);
                }
                case "section" -> {
                    JsonNode fields = block.get("fields");
                    if (!block.has("text") && fields == null) {
                        out.add(where + ": a section needs text or fields");
                    }
                    if (block.has("text")) {
                        limit(out, where + " text", block.at("/text/text"), SECTION_TEXT);
                    }
                    if (fields != null) {
                        if (fields.size() > FIELDS) {
                            out.add(where + ": " + fields.size() + " fields > " + FIELDS);
                        }
                        for (int f = 0; f < fields.size(); f++) {
                            limit(out, where + " field " + f, fields.get(f).get("text"), FIELD_TEXT);
                        }
                    }
                }
                case "context" -> {
                    JsonNode elements = block.path("elements");
                    if (elements.size() < 1 || elements.size() > CONTEXT_ELEMENTS) {
                        out.add(where + ": " + elements.size() + " elements, 1 to " + CONTEXT_ELEMENTS + " allowed");
                    }
                    for (JsonNode element : elements) {
                        limit(out, where + " element", element.get("text"), SECTION_TEXT);
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static void limit(List<String> out, String where, JsonNode text, int max) {
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            out.add(where + ": empty");
        } else if (text.asText().length() > max) {
            out.add(where + ": " + text.asText().length() + " characters > " + max);
        }
    }
}
