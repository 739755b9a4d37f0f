package io.fetchflux.policy;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The destination policy refused to connect; the detail names the rule, never a resolved address.
 */
public class DestinationRefusedException extends FetchException {

	private final String rule;

	/**
	 * A refusal.
	 * @param rule the short, stable name of the rule that refused, such as {@code loopback} or
	 * {@code port}: one of a fixed set, fit for a metric tag
	 * @param detail the description of the refusal for the client
	 */
	public DestinationRefusedException(String rule, String detail) {
		super(HttpStatus.FORBIDDEN, "destination-refused", detail);
		this.rule = rule;
	}

	/**
	 * The short name of the rule that refused, such as {@code private}, {@code port} or {@code name}.
	 * @return the rule
	 */
	public String getRule() {
		return this.rule;
	}

}
