package io.fetchflux.image;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The upstream answered with bytes that are not an image of a supported format.
 */
public class NotAnImageException extends FetchException {

	NotAnImageException() {
		super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image",
				"The upstream content is not an image of a supported format");
	}

}
