package io.fetchflux.fetch;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * The upstream body is, or was announced to be, larger than the configured limit.
 */
public class BodyTooLargeException extends FetchException {

	public BodyTooLargeException(DataSize limit) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "body-too-large",
				"The upstream body exceeds the limit of " + limit.toBytes() + " bytes");
	}

}
