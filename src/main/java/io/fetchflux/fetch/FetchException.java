package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;

/**
 * Why a fetch failed, with the status the service answers for it. Stack traces are not
 * recorded: a failure is an expected outcome of fetching the open web, not a bug, and under
 * load the cost of capturing them adds up.
 */
public abstract class FetchException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	protected FetchException(HttpStatus status, String type, String detail) {
		this(status, type, detail, null);
	}

	protected FetchException(HttpStatus status, String type, String detail, Throwable cause) {
		super(detail, cause, false, false);
		this.status = status;
		this.type = type;
	}

	/**
	 * The status the service answers with.
	 * @return the status
	 */
	public HttpStatus getStatus() {
		return this.status;
	}

	/**
	 * A short stable name for the kind of failure, such as {@code upstream-timeout}.
	 * @return the failure type
	 */
	public String getType() {
		return this.type;
	}

}
