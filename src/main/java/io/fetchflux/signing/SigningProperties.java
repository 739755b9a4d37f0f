package io.fetchflux.signing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HMAC-signed URLs, compatible with camo and go-camo.
 */
@ConfigurationProperties("fetchflux.signing")
public class SigningProperties {

	/**
	 * Secret keys of the HMAC-SHA1 URL signatures: a signature made with any of them is accepted, and the first one makes new signatures. Image endpoints take camo's signature made with the key itself, /api/fetch one made with a key derived from it for that purpose. Empty (the default) turns signing off.
	 */
	private List<String> keys = new ArrayList<>();

	public List<String> getKeys() {
		return this.keys;
	}

	public void setKeys(List<String> keys) {
		this.keys = keys;
	}

	/**
	 * Keys are secrets: only how many there are is shown.
	 */
	@Override
	public String toString() {
		return "SigningProperties[keys=" + this.keys.size() + " redacted]";
	}

}
