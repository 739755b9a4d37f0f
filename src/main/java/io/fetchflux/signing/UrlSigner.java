package io.fetchflux.signing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs URLs for fetchflux, in its own forms and in the forms of camo and go-camo. An image
 * signature is camo's: HMAC-SHA1 of the URL's UTF-8 bytes, keyed with the key's UTF-8 bytes. A
 * {@code /api/fetch} signature is the same HMAC keyed with a key derived for that purpose alone,
 * so that no signature made for images, whatever string was signed, authorizes a fetch of any
 * content type. Uses the JDK only, so that it runs from the command line as
 * {@code java -cp target/classes io.fetchflux.signing.UrlSigner [--purpose fetch] KEY URL}.
 */
public final class UrlSigner {

	/**
	 * The label the fetch key is derived from: {@code fetch key = HMAC-SHA1(key, label)}.
	 */
	static final String FETCH_KEY_LABEL = "fetchflux:fetch";

	private static final String USAGE = "Usage: java -cp target/classes io.fetchflux.signing.UrlSigner"
			+ " [--purpose image|fetch] KEY URL";

	private static final HexFormat HEX = HexFormat.of();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private UrlSigner() {
	}

	/**
	 * The query of a signed request to {@code /api/images} or a style endpoint.
	 * @param key the signing key
	 * @param url the image URL
	 * @return {@code url=<url-encoded url>&sig=<hex digest>}
	 */
	public static String signedQuery(String key, String url) {
		return signedQuery(Purpose.IMAGE, key, url);
	}

	/**
	 * The query of a signed request to the endpoints of a purpose.
	 * @param purpose what the signature authorizes
	 * @param key the signing key
	 * @param url the URL to fetch
	 * @return {@code url=<url-encoded url>&sig=<hex digest>}
	 */
	public static String signedQuery(Purpose purpose, String key, String url) {
		return "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + "&sig=" + hexDigest(purpose, key, url);
	}

	/**
	 * camo's path form, also served by go-camo: {@code /<hex digest>/<hex url>}.
	 * @param key the signing key
	 * @param url the image URL
	 * @return the path
	 */
	public static String camoPath(String key, String url) {
		return "/" + hexDigest(key, url) + "/" + HEX.formatHex(utf8(url));
	}

	/**
	 * camo's query form: {@code /<hex digest>?url=<url-encoded url>}.
	 * @param key the signing key
	 * @param url the image URL
	 * @return the path and query
	 */
	public static String camoQueryPath(String key, String url) {
		return "/" + hexDigest(key, url) + "?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
	}

	/**
	 * go-camo's default form: {@code /<base64url digest>/<base64url url>}, unpadded.
	 * @param key the signing key
	 * @param url the image URL
	 * @return the path
	 */
	public static String goCamoPath(String key, String url) {
		return "/" + BASE64URL.encodeToString(digest(utf8(key), utf8(url))) + "/" + BASE64URL.encodeToString(utf8(url));
	}

	/**
	 * The hex HMAC-SHA1 digest of a URL, as {@code openssl dgst -sha1 -hmac KEY} prints it.
	 * @param key the signing key
	 * @param url the URL
	 * @return 40 lowercase hex digits
	 */
	public static String hexDigest(String key, String url) {
		return hexDigest(Purpose.IMAGE, key, url);
	}

	/**
	 * The hex signature of a URL for the endpoints of a purpose.
	 * @param purpose what the signature authorizes
	 * @param key the signing key
	 * @param url the URL
	 * @return 40 lowercase hex digits
	 */
	public static String hexDigest(Purpose purpose, String key, String url) {
		return HEX.formatHex(digest(purpose.key(utf8(key)), utf8(url)));
	}

	static byte[] digest(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA1 is not available", ex);
		}
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static List<String> usage(Purpose purpose, String key, String url) {
		if (purpose == Purpose.FETCH) {
			return List.of("/api/fetch?" + signedQuery(Purpose.FETCH, key, url));
		}
		return List.of("/api/images?" + signedQuery(key, url), camoPath(key, url), camoQueryPath(key, url),
				goCamoPath(key, url));
	}

	/**
	 * Prints the signed forms of a URL, one a line, to append to the service's base URL: the image
	 * forms, or with {@code --purpose fetch} the {@code /api/fetch} form.
	 * @param args {@code [--purpose image|fetch] KEY URL}
	 */
	public static void main(String[] args) {
		Purpose purpose = Purpose.IMAGE;
		List<String> rest = List.of(args);
		if (rest.size() == 4 && rest.get(0).equals("--purpose")) {
			purpose = Purpose.parse(rest.get(1));
			rest = rest.subList(2, 4);
		}
		if (purpose == null || rest.size() != 2 || rest.get(0).isEmpty()) {
			System.err.println(USAGE);
			System.exit(2);
		}
		usage(purpose, rest.get(0), rest.get(1)).forEach(System.out::println);
	}

	/**
	 * What a signature authorizes. A signature of one purpose is refused by the endpoints of the other.
	 */
	public enum Purpose {

		/**
		 * {@code /api/images}, {@code /api/styles/*}{@code /image} and the camo routes: camo's digest of the URL.
		 */
		IMAGE,

		/**
		 * {@code /api/fetch}, any content type: the digest keyed with {@code HMAC-SHA1(key, "fetchflux:fetch")}.
		 */
		FETCH;

		byte[] key(byte[] key) {
			return (this == FETCH) ? digest(key, utf8(FETCH_KEY_LABEL)) : key;
		}

		static Purpose parse(String name) {
			return switch (name) {
				case "image" -> IMAGE;
				case "fetch" -> FETCH;
				default -> null;
			};
		}

	}

}
