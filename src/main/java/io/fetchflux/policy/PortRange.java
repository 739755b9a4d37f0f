package io.fetchflux.policy;

/**
 * A range of TCP ports written as {@code 443} or {@code 8000-8999}.
 *
 * @param first the lowest port of the range
 * @param last the highest port of the range
 */
public record PortRange(int first, int last) {

	public PortRange {
		if (first < 1 || last > 65535 || first > last) {
			throw new IllegalArgumentException("Port range must lie within 1-65535: " + first + "-" + last);
		}
	}

	/**
	 * Parse {@code port} or {@code first-last}. Also the factory Spring uses to bind properties.
	 * @param text the port or range
	 * @return the range
	 */
	public static PortRange of(String text) {
		String trimmed = text.trim();
		int dash = trimmed.indexOf('-');
		if (dash < 0) {
			int port = number(trimmed, text);
			return new PortRange(port, port);
		}
		return new PortRange(number(trimmed.substring(0, dash), text), number(trimmed.substring(dash + 1), text));
	}

	/**
	 * Tell whether a port lies inside this range.
	 * @param port the port
	 * @return whether it is a member
	 */
	public boolean contains(int port) {
		return port >= this.first && port <= this.last;
	}

	@Override
	public String toString() {
		return (this.first == this.last) ? Integer.toString(this.first) : this.first + "-" + this.last;
	}

	private static int number(String number, String text) {
		String trimmed = number.trim();
		if (trimmed.isEmpty() || trimmed.length() > 5 || !trimmed.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("Invalid port or port range: " + text);
		}
		return Integer.parseInt(trimmed);
	}

}
