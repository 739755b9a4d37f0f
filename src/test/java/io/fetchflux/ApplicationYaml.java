package io.fetchflux;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

/**
 * The repository's {@code application.yml}, the one configuration file, read as YAML so that
 * tests of what is deployed beside the service (manifests, shutdown timings) check against the
 * values the service really runs with.
 */
public final class ApplicationYaml {

	private final Map<String, Object> root;

	private ApplicationYaml(Map<String, Object> root) {
		this.root = root;
	}

	public static ApplicationYaml root() {
		try (Reader reader = Files.newBufferedReader(Path.of("application.yml"))) {
			return new ApplicationYaml(new Yaml().load(reader));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A value by its dotted name, whether the file nests it or writes a key with dots in it.
	 * @param name such as {@code server.port}
	 * @return the value, or {@code null} if it is not set
	 */
	public Object value(String name) {
		return find(this.root, name);
	}

	public Duration duration(String name) {
		Object value = value(name);
		if (value == null) {
			throw new AssertionError(name + " is not set in application.yml");
		}
		return DurationStyle.detectAndParse(value.toString());
	}

	@SuppressWarnings("unchecked")
	private static Object find(Object node, String name) {
		if (!(node instanceof Map<?, ?> map)) {
			return null;
		}
		if (map.containsKey(name)) {
			return map.get(name);
		}
		for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
			Object child = ((Map<String, Object>) map).get(name.substring(0, dot));
			Object found = find(child, name.substring(dot + 1));
			if (found != null) {
				return found;
			}
		}
		return null;
	}

}
