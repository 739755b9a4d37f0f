package io.fetchflux.signing;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Verifies URL signatures against every configured key, so that a key can be rotated: add the
 * new key first, and remove the old one once no URL signed with it is in use.
 */
@Component
class UrlSignatures {

	private final List<byte[]> keys;

	UrlSignatures(SigningProperties properties) {
		for (int i = 0; i < properties.getKeys().size(); i++) {
			String key = properties.getKeys().get(i);
			if (key == null || key.isBlank()) {
				throw new IllegalStateException("fetchflux.signing.keys[" + i + "] is blank");
			}
		}
		this.keys = properties.getKeys().stream().map(UrlSigner::utf8).toList();
	}

	boolean isEnabled() {
		return !this.keys.isEmpty();
	}

	/**
	 * Refuses a URL whose hex signature, in either case, is not valid.
	 */
	void verifyHex(String url, String signature) {
		verify(UrlSigner.utf8(url), parseHex(signature));
	}

	/**
	 * Refuses URL bytes whose raw digest is not valid for any key of the list.
	 */
	void verify(byte[] url, byte[] digest) {
		for (byte[] key : this.keys) {
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
