package io.fetchflux.signing;

import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.fetchflux.signing.UrlSigner.Purpose;

import org.springframework.stereotype.Component;

/**
 * Verifies URL signatures against every configured key, so that a key can be rotated: add the
 * new key first, and remove the old one once no URL signed with it is in use. Each purpose has
 * its own keys, derived from the configured ones, so a signature only opens the endpoints it was
 * made for.
 */
@Component
public class UrlSignatures {

	private final Map<Purpose, List<byte[]>> keys = new EnumMap<>(Purpose.class);

	UrlSignatures(SigningProperties properties) {
		for (int i = 0; i < properties.getKeys().size(); i++) {
			String key = properties.getKeys().get(i);
			if (key == null || key.isBlank()) {
				throw new IllegalStateException("fetchflux.signing.keys[" + i + "] is blank");
			}
		}
		List<byte[]> configured = properties.getKeys().stream().map(UrlSigner::utf8).toList();
		for (Purpose purpose : Purpose.values()) {
			this.keys.put(purpose, configured.stream().map(purpose::key).toList());
		}
	}

	/**
	 * Whether signing is on, that is, {@code fetchflux.signing.keys} is set.
	 * @return whether URLs must be signed
	 */
	public boolean isEnabled() {
		return !this.keys.get(Purpose.IMAGE).isEmpty();
	}

	/**
	 * Refuses a URL that does not carry a valid {@code /api/fetch} signature, for the endpoints
	 * that take URLs in a request body rather than in the query.
	 * @param url the URL
	 * @param signature its hex signature, or {@code null} if it came without one
	 * @throws io.fetchflux.fetch.FetchException a {@code signature-invalid} failure
	 */
	public void verifyFetch(String url, String signature) {
		if (signature == null) {
			throw new SignatureInvalidException("The URL is not signed: give it with its sig");
		}
		verifyHex(Purpose.FETCH, url, signature);
	}

	/**
	 * Refuses a URL whose hex signature, in either case, is not valid for the purpose.
	 */
	void verifyHex(Purpose purpose, String url, String signature) {
		verify(purpose, UrlSigner.utf8(url), parseHex(signature));
	}

	/**
	 * Refuses URL bytes whose raw digest is not valid for the purpose with any key of the list.
	 */
	void verify(Purpose purpose, byte[] url, byte[] digest) {
		for (byte[] key : this.keys.get(purpose)) {
			if (MessageDigest.isEqual(UrlSigner.digest(key, url), digest)) {
				return;
			}
		}
		throw new SignatureInvalidException("The signature does not match the URL");
	}

	static byte[] parseHex(String hex) {
		try {
			return HexFormat.of().parseHex(hex);
		}
		catch (IllegalArgumentException ex) {
			throw new SignatureInvalidException("The signed URL is malformed");
		}
	}

}
