package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * The requested range lies outside the body: answered with a 416 that says how long the body is.
 */
public class RangeNotSatisfiableException extends FetchException {

	private final String contentRange;

	/**
	 * A range outside the body.
	 * @param contentRange the {@code Content-Range} to answer with, such as {@code bytes *}{@code /1234}, or {@code null} when the length is unknown
	 */
	public RangeNotSatisfiableException(String contentRange) {
		super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
				"The requested range is not within the body" + ((contentRange != null) ? " (" + contentRange + ")" : ""));
		this.contentRange = contentRange;
	}

	/**
	 * The {@code Content-Range} that states the body's length.
	 * @return the header value, or {@code null}
	 */
	public String getContentRange() {
		return this.contentRange;
	}

}
