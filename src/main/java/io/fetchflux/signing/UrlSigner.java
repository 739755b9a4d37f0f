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
 * Signs URLs for fetchflux, in its own form and in the forms of camo and go-camo. The digest is
 * camo's: HMAC-SHA1 of the URL's UTF-8 bytes, keyed with the key's UTF-8 bytes. Uses the JDK only,
 * so that it runs from the command line as
 * {@code java -cp target/classes io.fetchflux.signing.UrlSigner KEY URL}.
 */
public final class UrlSigner {

	private static final HexFormat HEX = HexFormat.of();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private UrlSigner() {
	}

	/**
	 * The query of a signed request to {@code /api/images}, {@code /api/fetch} or a style endpoint.
	 * @param key the signing key
	 * @param url the URL to fetch
	 * @return {@code url=<url-encoded url>&sig=<hex digest>}
	 */
	public static String signedQuery(String key, String url) {
		return "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + "&sig=" + hexDigest(key, url);
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
		return HEX.formatHex(digest(utf8(key), utf8(url)));
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

	static List<String> usage(String key, String url) {
		return List.of("/api/images?" + signedQuery(key, url), camoPath(key, url), camoQueryPath(key, url),
				goCamoPath(key, url));
	}

	/**
	 * Prints the signed forms of a URL, one a line, to append to the service's base URL.
	 * @param args the key and the URL
	 */
	public static void main(String[] args) {
		if (args.length != 2 || args[0].isEmpty()) {
			System.err.println("Usage: java -cp target/classes io.fetchflux.signing.UrlSigner KEY URL");
			System.exit(2);
		}
		usage(args[0], args[1]).forEach(System.out::println);
	}

}
