package io.fetchflux.signing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningPropertiesTests {

	@Test
	void signingIsOffByDefault() {
		assertThat(new UrlSignatures(new SigningProperties()).isEnabled()).isFalse();
		assertThat(bind(Map.of()).getKeys()).isEmpty();
	}

	@Test
	void emptyPropertyLeavesSigningOff() {
		assertThat(bind(Map.of("fetchflux.signing.keys", "")).getKeys()).isEmpty();
	}

	@Test
	void commaSeparatedKeysAreBoundInOrder() {
		assertThat(bind(Map.of("fetchflux.signing.keys", "new-key,old-key")).getKeys())
			.containsExactly("new-key", "old-key");
	}

	@Test
	void toStringDoesNotRevealTheKeys() {
		SigningProperties properties = bind(Map.of("fetchflux.signing.keys", "first-secret,second-secret"));
		assertThat(properties.toString()).doesNotContain("secret").contains("2");
	}

	@Test
	void blankKeyIsRefusedWithoutEchoingTheOthers() {
		SigningProperties properties = new SigningProperties();
		properties.setKeys(List.of("first-secret", " "));
		assertThatIllegalStateException().isThrownBy(() -> new UrlSignatures(properties))
			.withMessage("fetchflux.signing.keys[1] is blank");
	}

	private static SigningProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("fetchflux.signing", Bindable.of(SigningProperties.class));
	}

}
