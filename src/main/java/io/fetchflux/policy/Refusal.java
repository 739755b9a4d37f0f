package io.fetchflux.policy;

/**
 * Why the policy refuses a destination.
 *
 * @param rule a short stable name from a fixed set, such as {@code loopback}, {@code port} or {@code name}
 * @param reason the rule in words, such as {@code loopback network 127.0.0.0/8}
 */
record Refusal(String rule, String reason) {

	DestinationRefusedException toException() {
		return new DestinationRefusedException(this.rule, "Destination refused: " + this.reason);
	}

}
