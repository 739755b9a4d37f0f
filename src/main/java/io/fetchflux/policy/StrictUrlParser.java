package io.fetchflux.policy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.ibm.icu.text.IDNA;

/**
 * The one parser that decides what a URL means. It reads only absolute {@code http} and
 * {@code https} URLs written one unambiguous way and refuses everything else with an
 * {@link InvalidUrlException}, rather than guessing as browsers and libraries variously do.
 * <ul>
 * <li>No user information, backslash, whitespace or control character anywhere.</li>
 * <li>An IPv4 host only as four plain decimal octets ({@code 127.0.0.1}); any other numeric form
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) is refused, as is any
 * host whose last label is numeric.</li>
 * <li>An IPv6 host only in brackets, without zone identifier.</li>
 * <li>No percent-encoding in the host; a non-ASCII host is mapped with IDNA (UTS 46) first, so
 * {@code 127。0。0。1} is {@code 127.0.0.1}; case and one trailing dot are dropped.</li>
 * <li>A port of 1 to 65535 in plain decimal without leading zeros.</li>
 * </ul>
 */
final class StrictUrlParser {

	static final int MAX_URL_LENGTH = 8192;

	private static final int MAX_HOST_LENGTH = 253;

	private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
			| IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private StrictUrlParser() {
	}

	/**
	 * A URL as the parser read it.
	 * @param scheme {@code http} or {@code https}
	 * @param host the host in ASCII lower case without trailing dot; an IPv6 address without brackets
	 * @param address the address when the host is an IP literal, otherwise {@code null}
	 * @param port the explicit port, or -1
	 * @param pathAndQuery the path (at least {@code /}) and query, percent-encoded, fragment dropped
	 */
	record FetchUrl(String scheme, String host, InetAddress address, int port, String pathAndQuery) {

		/**
		 * The port a connection goes to: the explicit one, or the scheme's default.
		 */
		int effectivePort() {
			return (this.port != -1) ? this.port : ("https".equals(this.scheme) ? 443 : 80);
		}

		URI toUri() {
			String authority = (this.address != null && this.address.getAddress().length == 16) ? "[" + this.host + "]"
					: this.host;
			String text = this.scheme + "://" + authority + ((this.port != -1) ? ":" + this.port : "")
					+ this.pathAndQuery;
			URI uri;
			try {
				uri = new URI(text);
			}
			catch (URISyntaxException ex) {
				throw new InvalidUrlException("The URL is malformed");
			}
			// The HTTP client reads the URI again: it must see the very host and port judged here.
			if (!authority.equalsIgnoreCase(uri.getHost()) || uri.getPort() != this.port || uri.getRawUserInfo() != null) {
				throw new InvalidUrlException("The URL's host cannot be read unambiguously");
			}
			return uri;
		}

	}

	/**
	 * Read a URL.
	 * @param url the text given by a client or a redirect
	 * @return the URL
	 * @throws InvalidUrlException if the text is not a URL of the one accepted form
	 */
	static FetchUrl parse(String url) {
		if (url == null || url.isEmpty()) {
			throw new InvalidUrlException("A URL is required");
		}
		if (url.length() > MAX_URL_LENGTH) {
			throw new InvalidUrlException("The URL is longer than " + MAX_URL_LENGTH + " characters");
		}
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c <= 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\\' || Character.isWhitespace(c)
					|| Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF') {
				throw new InvalidUrlException("The URL contains whitespace, control characters or backslashes");
			}
		}
		int colon = url.indexOf(':');
		if (colon <= 0 || !isScheme(url.substring(0, colon))) {
			throw new InvalidUrlException("Only absolute http and https URLs can be fetched");
		}
		String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidUrlException("Only absolute http and https URLs can be fetched");
		}
		if (!url.startsWith("//", colon + 1)) {
			throw new InvalidUrlException("An http or https URL must have a host after '//'");
		}
		int authorityStart = colon + 3;
		int authorityEnd = authorityStart;
		while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
			authorityEnd++;
		}
		String authority = url.substring(authorityStart, authorityEnd);
		if (authority.indexOf('@') >= 0) {
			throw new InvalidUrlException("URLs with user information are refused");
		}
		int fragment = url.indexOf('#', authorityEnd);
		String rest = url.substring(authorityEnd, (fragment < 0) ? url.length() : fragment);
		String hostText;
		String portText = null;
		if (authority.startsWith("[")) {
			int close = authority.indexOf(']');
			if (close < 0) {
				throw new InvalidUrlException("The URL's IPv6 host has no closing bracket");
			}
			hostText = authority.substring(0, close + 1);
			String after = authority.substring(close + 1);
			if (!after.isEmpty()) {
				if (after.charAt(0) != ':') {
					throw new InvalidUrlException("The URL's host cannot be read unambiguously");
				}
				portText = after.substring(1);
			}
		}
		else {
			int portColon = authority.indexOf(':');
			hostText = (portColon < 0) ? authority : authority.substring(0, portColon);
			portText = (portColon < 0) ? null : authority.substring(portColon + 1);
		}
		int port = (portText != null) ? port(portText) : -1;
		FetchUrl parsed;
		if (hostText.startsWith("[")) {
			InetAddress address = ipv6(hostText.substring(1, hostText.length() - 1));
			parsed = new FetchUrl(scheme, Cidr.format(address), address, port, pathAndQuery(rest));
		}
		else {
			String host = hostName(hostText);
			InetAddress address = isIpv4Shaped(host) ? ipv4(host) : null;
			parsed = new FetchUrl(scheme, host, address, port, pathAndQuery(rest));
		}
		parsed.toUri();
		return parsed;
	}

	private static boolean isScheme(String text) {
		if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
			return false;
		}
		return text.chars().allMatch((c) -> isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
	}

	private static boolean isAsciiLetter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static int port(String text) {
		if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| text.charAt(0) == '0') {
			throw new InvalidUrlException("The URL's port must be a number from 1 to 65535 without leading zeros");
		}
		int port = Integer.parseInt(text);
		if (port > 65535) {
			throw new InvalidUrlException("The URL's port must be a number from 1 to 65535 without leading zeros");
		}
		return port;
	}

	/**
	 * Turn the host of the URL into lower-case ASCII without trailing dot, checking its syntax.
	 */
	private static String hostName(String text) {
		if (text.isEmpty()) {
			throw new InvalidUrlException("The URL has no host");
		}
		if (text.indexOf('%') >= 0) {
			throw new InvalidUrlException("Percent-encoded hosts are refused");
		}
		String host = text;
		if (!host.chars().allMatch((c) -> c < 0x80) || host.toLowerCase(Locale.ROOT).contains("xn--")) {
			StringBuilder ascii = new StringBuilder();
			IDNA.Info info = new IDNA.Info();
			UTS46.nameToASCII(host, ascii, info);
			if (info.hasErrors()) {
				throw new InvalidUrlException("The URL's host is not a valid internationalised domain name");
			}
			host = ascii.toString();
		}
		host = host.toLowerCase(Locale.ROOT);
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (host.isEmpty() || host.length() > MAX_HOST_LENGTH) {
			throw new InvalidUrlException("The URL's host is empty or too long");
		}
		for (String label : host.split("\\.", -1)) {
			if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
					|| !label.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				throw new InvalidUrlException("The URL's host is not a valid host name");
			}
		}
		return host;
	}

	/**
	 * Whether the host would be read as an IPv4 address by some parser: its last label is a
	 * number (decimal, or hexadecimal with {@code 0x}), as in the WHATWG URL standard.
	 */
	private static boolean isIpv4Shaped(String host) {
		String last = host.substring(host.lastIndexOf('.') + 1);
		if (last.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return true;
		}
		return last.startsWith("0x") && last.substring(2).chars().allMatch((c) -> Character.digit(c, 16) >= 0);
	}

	/**
	 * Read four plain decimal octets; every other numeric host form is refused.
	 */
	static InetAddress ipv4(String host) {
		byte[] bytes = ipv4Bytes(host);
		if (bytes == null) {
			throw new InvalidUrlException(
					"Numeric hosts must be four decimal octets such as 192.0.2.1, without leading zeros");
		}
		return byAddress(bytes);
	}

	private static byte[] ipv4Bytes(String text) {
		String[] octets = text.split("\\.", -1);
		if (octets.length != 4) {
			return null;
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			String octet = octets[i];
			if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch((c) -> c >= '0' && c <= '9')
					|| (octet.length() > 1 && octet.charAt(0) == '0')) {
				return null;
			}
			int value = Integer.parseInt(octet);
			if (value > 255) {
				return null;
			}
			bytes[i] = (byte) value;
		}
		return bytes;
	}

	/**
	 * Read an IPv6 address (RFC 4291 text form, optionally ending in a dotted quad), without zone.
	 */
	static InetAddress ipv6(String text) {
		byte[] bytes = ipv6Bytes(text);
		if (bytes == null) {
			throw new InvalidUrlException("The URL's IPv6 host is not a plain IPv6 address");
		}
		return byAddress(bytes);
	}

	static byte[] ipv6Bytes(String text) {
		if (text.isEmpty() || !text.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
			return null;
		}
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			return null;
		}
		String head = (gap < 0) ? text : text.substring(0, gap);
		String tail = (gap < 0) ? "" : text.substring(gap + 2);
		int[] headGroups = groups(head, gap < 0);
		int[] tailGroups = groups(tail, true);
		if (headGroups == null || tailGroups == null) {
			return null;
		}
		int count = headGroups.length + tailGroups.length;
		if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
			return null;
		}
		byte[] bytes = new byte[16];
		for (int i = 0; i < headGroups.length; i++) {
			bytes[2 * i] = (byte) (headGroups[i] >> 8);
			bytes[2 * i + 1] = (byte) headGroups[i];
		}
		int offset = 8 - tailGroups.length;
		for (int i = 0; i < tailGroups.length; i++) {
			bytes[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
			bytes[2 * (offset + i) + 1] = (byte) tailGroups[i];
		}
		return bytes;
	}

	/**
	 * The 16-bit groups of one side of {@code ::}; a dotted quad is allowed only at the very end.
	 */
	private static int[] groups(String text, boolean mayEndInIpv4) {
		if (text.isEmpty()) {
			return new int[0];
		}
		String[] parts = text.split(":", -1);
		int length = parts.length;
		String last = parts[length - 1];
		boolean endsInIpv4 = last.indexOf('.') >= 0;
		int[] groups = new int[endsInIpv4 ? length + 1 : length];
		for (int i = 0; i < length - (endsInIpv4 ? 1 : 0); i++) {
			String part = parts[i];
			if (part.isEmpty() || part.length() > 4 || part.indexOf('.') >= 0) {
				return null;
			}
			groups[i] = Integer.parseInt(part, 16);
		}
		if (endsInIpv4) {
			byte[] ipv4 = mayEndInIpv4 ? ipv4Bytes(last) : null;
			if (ipv4 == null) {
				return null;
			}
			groups[length - 1] = ((ipv4[0] & 0xFF) << 8) | (ipv4[1] & 0xFF);
			groups[length] = ((ipv4[2] & 0xFF) << 8) | (ipv4[3] & 0xFF);
		}
		return groups;
	}

	private static InetAddress byAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Path and query as they will be sent: at least {@code /}, non-ASCII characters and the ASCII
	 * characters no URI may contain percent-encoded as UTF-8, every existing escape well-formed.
	 */
	private static String pathAndQuery(String rest) {
		String text = (rest.isEmpty() || rest.charAt(0) == '?') ? "/" + rest : rest;
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
						|| Character.digit(text.charAt(i + 2), 16) < 0) {
					throw new InvalidUrlException("The URL contains a malformed percent-encoding");
				}
				out.append(c);
			}
			else if (c < 0x80 && "\"<>^`{|}".indexOf(c) < 0) {
				out.append(c);
			}
			else {
				int codePoint = text.codePointAt(i);
				if (Character.isSurrogate(c) && Character.charCount(codePoint) == 1) {
					throw new InvalidUrlException("The URL contains an unpaired surrogate");
				}
				for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
					out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
				}
				i += Character.charCount(codePoint) - 1;
			}
		}
		return out.toString();
	}

}
