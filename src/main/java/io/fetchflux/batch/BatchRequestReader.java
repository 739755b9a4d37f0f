package io.fetchflux.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads and checks the body of {@code POST /api/batch} and {@code POST /api/jobs}:
 * {@code {"urls": [...], "concurrency": 8, "mode": "fetch", "warm": false}}, where each URL is a
 * string or {@code {"url": "...", "sig": "..."}}. Anything else is an {@link InvalidRequestException}
 * that says what is wrong.
 */
@Component
public class BatchRequestReader {

	/**
	 * The concurrency of a batch that does not give one, unless the configured maximum is lower.
	 */
	static final int DEFAULT_CONCURRENCY = 8;

	/**
	 * The longest URL the strict parser accepts, and room for its signature and JSON around it.
	 */
	private static final int MAX_ITEM_BYTES = 8192 + 128;

	private static final Set<String> FIELDS = Set.of("urls", "concurrency", "mode", "warm");

	private static final Set<String> ITEM_FIELDS = Set.of("url", "sig");

	private final JsonMapper jsonMapper;

	private final BatchProperties properties;

	private final int maxBodyBytes;

	BatchRequestReader(JsonMapper jsonMapper, BatchProperties properties) {
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, 1024L + (long) properties.getMaxUrls() * MAX_ITEM_BYTES);
	}

	/**
	 * Read a request's body, bounded in bytes by what {@code fetchflux.batch.max-urls} URLs can take.
	 * @param request the request
	 * @return the batch, or an {@link InvalidRequestException}
	 */
	public Mono<BatchRequest> read(ServerHttpRequest request) {
		return DataBufferUtils.join(request.getBody(), this.maxBodyBytes)
			.onErrorMap(DataBufferLimitException.class, (ex) -> new InvalidRequestException(
					"The request body is larger than " + this.maxBodyBytes + " bytes"))
			.map(this::parse)
			.switchIfEmpty(Mono.error(() -> new InvalidRequestException("The request body is empty: send a JSON object with urls")));
	}

	private BatchRequest parse(DataBuffer body) {
		JsonNode root;
		try (InputStream in = body.asInputStream(true)) {
			root = this.jsonMapper.readTree(in);
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException("The request body is not valid JSON");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return parse(root);
	}

	BatchRequest parse(JsonNode root) {
		if (root == null || !root.isObject()) {
			throw new InvalidRequestException("The request body must be a JSON object with urls");
		}
		for (String name : root.propertyNames()) {
			if (!FIELDS.contains(name)) {
				throw new InvalidRequestException("Unknown property \"" + name + "\": a batch has urls, concurrency, mode and warm");
			}
		}
		return new BatchRequest(items(root.get("urls")), concurrency(root.get("concurrency")), mode(root.get("mode")),
				warm(root.get("warm")));
	}

	private List<BatchItem> items(JsonNode urls) {
		if (urls == null || !urls.isArray()) {
			throw new InvalidRequestException("urls must be a list of URLs");
		}
		if (urls.isEmpty()) {
			throw new InvalidRequestException("urls is empty: give at least one URL");
		}
		if (urls.size() > this.properties.getMaxUrls()) {
			throw new InvalidRequestException(
					"urls has " + urls.size() + " URLs, more than the limit of " + this.properties.getMaxUrls());
		}
		List<BatchItem> items = new ArrayList<>(urls.size());
		for (int i = 0; i < urls.size(); i++) {
			items.add(item(urls.get(i), i));
		}
		return List.copyOf(items);
	}

	private BatchItem item(JsonNode item, int index) {
		if (item.isString()) {
			return new BatchItem(item.stringValue(), null);
		}
		if (item.isObject() && ITEM_FIELDS.containsAll(item.propertyNames()) && item.path("url").isString()
				&& (item.path("sig").isMissingNode() || item.path("sig").isNull() || item.path("sig").isString())) {
			JsonNode sig = item.get("sig");
			return new BatchItem(item.get("url").stringValue(), (sig != null && sig.isString()) ? sig.stringValue() : null);
		}
		throw new InvalidRequestException("urls[" + index + "] must be a URL or an object with url and sig");
	}

	private int concurrency(JsonNode concurrency) {
		int max = this.properties.getMaxConcurrency();
		if (concurrency == null || concurrency.isNull()) {
			return Math.min(DEFAULT_CONCURRENCY, max);
		}
		if (!concurrency.isIntegralNumber() || !concurrency.canConvertToInt() || concurrency.intValue() < 1
				|| concurrency.intValue() > max) {
			throw new InvalidRequestException("concurrency must be a whole number from 1 to " + max);
		}
		return concurrency.intValue();
	}

	private static Mode mode(JsonNode mode) {
		if (mode == null || mode.isNull()) {
			return Mode.FETCH;
		}
		Mode parsed = mode.isString() ? Mode.of(mode.stringValue()) : null;
		if (parsed == null) {
			throw new InvalidRequestException("mode must be \"fetch\" or \"image\"");
		}
		return parsed;
	}

	private static boolean warm(JsonNode warm) {
		if (warm == null || warm.isNull()) {
			return false;
		}
		if (!warm.isBoolean()) {
			throw new InvalidRequestException("warm must be true or false");
		}
		return warm.booleanValue();
	}

}
