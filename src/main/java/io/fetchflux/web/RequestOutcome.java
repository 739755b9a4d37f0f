package io.fetchflux.web;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * What a request was and how it ended, in a few values from fixed sets, for metrics and the
 * access log: the route template (never the path, which carries camo's encoded URLs), the
 * outcome ({@code ok}, {@code not-modified} or the problem type's short name) and the status class.
 */
public final class RequestOutcome {

	/**
	 * The exchange attribute in which the problem's short name, such as
	 * {@code destination-refused}, is put when a request fails.
	 */
	public static final String PROBLEM_ATTRIBUTE = RequestOutcome.class.getName() + ".problem";

	/**
	 * The route of a request that no handler mapped.
	 */
	public static final String NO_ROUTE = "none";

	private static final String STYLES = "/api/styles/";

	private static final String STYLES_ROUTE = "/api/styles/{style}/image";

	private static final String[] STATUS_CLASSES = { "none", "1xx", "2xx", "3xx", "4xx", "5xx" };

	private RequestOutcome() {
	}

	/**
	 * The route template that served the request: the mapping's pattern, {@code camo} for the
	 * camo routes, {@code /api/styles/{style}/image} for the three styles, {@code static} for
	 * static files, or {@link #NO_ROUTE}.
	 * @param exchange the exchange, once handled
	 * @return the route
	 */
	public static String route(ServerWebExchange exchange) {
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null) {
			return NO_ROUTE;
		}
		String template = (pattern instanceof PathPattern path) ? path.getPatternString() : pattern.toString();
		// The camo routes start with a digest variable; their templates say nothing an operator needs.
		if (template.startsWith("/{digest")) {
			return "camo";
		}
		if (template.startsWith(STYLES) && template.endsWith("/image")) {
			return STYLES_ROUTE;
		}
		// Static resources are mapped to /** and fail for every unknown path, whose status may not be
		// set yet when the request is recorded: only a file served is "static".
		if (template.equals("/**")) {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			boolean served = status != null && (status.is2xxSuccessful() || status.value() == 304)
					&& exchange.getAttribute(PROBLEM_ATTRIBUTE) == null;
			return served ? "static" : NO_ROUTE;
		}
		return template;
	}

	/**
	 * How the request ended: the problem's short name if it failed with one, else {@code ok},
	 * {@code not-modified}, or a name derived from the status.
	 * @param exchange the exchange, once handled
	 * @param status the response status, or {@code null}
	 * @return the outcome
	 */
	public static String outcome(ServerWebExchange exchange, HttpStatusCode status) {
		String problem = exchange.getAttribute(PROBLEM_ATTRIBUTE);
		if (problem != null) {
			return problem;
		}
		if (status == null || status.is2xxSuccessful()) {
			return "ok";
		}
		return (status.value() == 304) ? "not-modified" : statusName(status);
	}

	/**
	 * The status class: {@code 2xx}, {@code 4xx}, ...
	 * @param status the response status, or {@code null}
	 * @return the class, or {@code none}
	 */
	public static String statusClass(HttpStatusCode status) {
		int series = (status != null) ? status.value() / 100 : 0;
		return (series > 0 && series < STATUS_CLASSES.length) ? STATUS_CLASSES[series] : STATUS_CLASSES[0];
	}

	/**
	 * A status as a short name, such as {@code not-found}: a bounded set, for failures that
	 * carry no problem type of the service's own.
	 */
	static String statusName(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase(Locale.ROOT).replace('_', '-') : statusClass(status);
	}

}
