package io.fetchflux.image;

import io.fetchflux.fetch.FetchException;

import org.springframework.http.HttpStatus;

/**
 * The image declares more pixels than the configured limit: a decompression bomb, or simply
 * more than any client should be made to decode.
 */
public class ImageTooLargeException extends FetchException {

	ImageTooLargeException(ImageDimensions dimensions, long maxPixels) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "image-too-large", "The image declares " + dimensions.width() + "x"
				+ dimensions.height() + " pixels, more than the limit of " + maxPixels);
	}

}
