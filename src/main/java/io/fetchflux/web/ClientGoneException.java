package io.fetchflux.web;

/**
 * A handler stopped waiting because its client went away: there is nobody left to answer.
 */
public class ClientGoneException extends RuntimeException {

	public ClientGoneException() {
		super("The client went away", null, false, false);
	}

}
