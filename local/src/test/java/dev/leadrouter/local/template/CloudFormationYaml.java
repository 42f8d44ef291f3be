package dev.leadrouter.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** template.yaml as written (before the SAM transform), short-form intrinsics read as their long form. */
public final class CloudFormationYaml {
    private CloudFormationYaml() {
    }

    /** The template as maps, lists and scalars; {@code !GetAtt X.Arn} becomes {@code {"Fn::GetAtt": "X.Arn"}}. */
    public static Map<String, Object> load(Path template) throws IOException {
        try (Reader reader = Files.newBufferedReader(template)) {
            return new Yaml(new IntrinsicsConstructor(new LoaderOptions())).load(reader);
        }
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor(LoaderOptions options) {
            super(options);
            // The null key is SnakeYAML's fallback for tags it does not know: every "!Name" intrinsic.
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue().substring(1);
                    String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalStateException("unexpected node " + node);
                    };
                    return Map.of(key, value);
                }
            });
        }
    }
}
