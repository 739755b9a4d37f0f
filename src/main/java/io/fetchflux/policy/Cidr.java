package io.fetchflux.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IPv4 or IPv6 addresses written as {@code address/prefix}, such as {@code 10.0.0.0/8}.
 *
 * @param network the first address of the block
 * @param prefixLength how many leading bits every member shares with {@code network}
 */
public record Cidr(InetAddress network, int prefixLength) {

	public Cidr {
		int bits = network.getAddress().length * 8;
		if (prefixLength < 0 || prefixLength > bits) {
			throw new IllegalArgumentException("Prefix length must be between 0 and " + bits + ": " + prefixLength);
		}
	}

	/**
	 * Parse {@code address/prefix}; a bare address is a block of one. Only numeric addresses are
	 * accepted, so parsing never touches DNS. Also the factory Spring uses to bind properties.
	 * @param text the CIDR text
	 * @return the block
	 */
	public static Cidr of(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		InetAddress network = numericAddress(address);
		int bits = network.getAddress().length * 8;
		int prefix = (slash < 0) ? bits : parsePrefix(trimmed.substring(slash + 1), text);
		return new Cidr(network, prefix);
	}

	/**
	 * Tell whether {@code address} lies inside this block; IPv4 and IPv6 never match each other.
	 * @param address the address to test
	 * @return whether it is a member
	 */
	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		byte[] base = this.network.getAddress();
		if (candidate.length != base.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (candidate[i] != base[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (candidate[fullBytes] & mask) == (base[fullBytes] & mask);
	}

	@Override
	public String toString() {
		return format(this.network) + "/" + this.prefixLength;
	}

	/**
	 * Write an address the way people do: IPv6 in the RFC 5952 form, with the longest run of
	 * zero groups shortened to {@code ::}.
	 */
	static String format(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return address.getHostAddress();
		}
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int start = 0; start < 8; start++) {
			int length = 0;
			while (start + length < 8 && groups[start + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = start;
				bestLength = length;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	private static int parsePrefix(String prefix, String text) {
		if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException("Invalid CIDR prefix: " + text);
		}
		return Integer.parseInt(prefix);
	}

	private static InetAddress numericAddress(String address) {
		try {
			if (address.indexOf(':') >= 0) {
				byte[] bytes = StrictUrlParser.ipv6Bytes(address);
				if (bytes != null) {
					// Inet6Address keeps ::ffff:0:0/96 as IPv6, where InetAddress would turn it into IPv4.
					return Inet6Address.getByAddress(null, bytes, -1);
				}
			}
			else if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
				return StrictUrlParser.ipv4(address);
			}
		}
		catch (InvalidUrlException | UnknownHostException ex) {
			throw new IllegalArgumentException("Not a numeric IP address: " + address, ex);
		}
		throw new IllegalArgumentException("Not a numeric IP address: " + address);
	}

}
