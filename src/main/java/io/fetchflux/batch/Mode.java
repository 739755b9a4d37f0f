package io.fetchflux.batch;

/**
 * How each URL of a batch is fetched.
 */
public enum Mode {

	/**
	 * As {@code /api/fetch} fetches: any content type.
	 */
	FETCH("fetch"),

	/**
	 * As {@code /api/images} fetches: only an image, typed by its bytes, within the pixel limit.
	 */
	IMAGE("image");

	private final String value;

	Mode(String value) {
		this.value = value;
	}

	/**
	 * The mode's name in a request body and in metric tags.
	 * @return {@code fetch} or {@code image}
	 */
	public String value() {
		return this.value;
	}

	static Mode of(String value) {
		for (Mode mode : values()) {
			if (mode.value.equals(value)) {
				return mode;
			}
		}
		return null;
	}

}
