package io.darkwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's files, as the tests read them: the root, and YAML parsed with Jackson. */
final class Repo {
    static final ObjectMapper YAML = new YAMLMapper();
    /** Maven runs the tests in deploy/; the deployment files are at the repository root. */
    static final Path ROOT = findRoot();

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    /**
     * One YAML file as a tree. Read by SnakeYAML (Jackson's YAML parser underneath), which resolves
     * anchors and merge keys ({@code <<: *darkwatch} in docker-compose.yml) as Compose does; Jackson's
     * own tree reader would keep {@code <<} as a field.
     */
    static JsonNode yaml(Path file) {
        try (var reader = Files.newBufferedReader(file)) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(reader);
            return YAML.valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every document of a multi-document YAML stream (helm template's output), empty ones left out. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse rendered manifests", e);
        }
        return docs;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
