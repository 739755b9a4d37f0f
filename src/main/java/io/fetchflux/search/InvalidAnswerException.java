package io.fetchflux.search;

/**
 * A provider answered, but not with a search result that can be read. The message is shown to
 * clients as the provider's failure, so it describes the answer and never quotes it.
 */
class InvalidAnswerException extends RuntimeException {

	InvalidAnswerException(String message) {
		super(message, null, false, false);
	}

}
