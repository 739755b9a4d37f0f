package io.fetchflux.batch;

/**
 * How one URL of a batch fared: a line of {@code /api/batch}'s answer and an event of a job.
 *
 * @param url the URL as the client gave it
 * @param status the status the upstream answered, or on failure the status {@code /api/fetch}
 * (or {@code /api/images}) would have answered
 * @param contentType the type of the body, or {@code null} on failure
 * @param bytes the bytes of the body read, whole on success
 * @param sha256 the hex SHA-256 of the whole body, or {@code null} on failure
 * @param tookMs how long the fetch took, in milliseconds
 * @param error the failure's problem type short name, such as {@code upstream-timeout}, or
 * {@code null} on success
 */
public record ResultLine(String url, int status, String contentType, long bytes, String sha256, long tookMs,
		String error) {

	/**
	 * Whether the URL failed.
	 * @return whether this line reports a failure
	 */
	public boolean failed() {
		return this.error != null;
	}

}
