package io.fetchflux.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.fetchflux.image.Image;
import io.fetchflux.image.Images;
import io.fetchflux.signing.UrlSigner.Purpose;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves the URLs of camo and go-camo, signed with their HMAC-SHA1 scheme, through the same image
 * pipeline as {@code /api/images}, so that applications that generate camo URLs can point at
 * fetchflux unchanged. The first path segment is a digest of a fixed shape, which no other route
 * of the service has. Without signing keys there is nothing to check a digest against, and these
 * routes answer 404, like any unknown path.
 */
@RestController
class CamoController {

	private static final String HEX_DIGEST = "{digest:[0-9a-fA-F]{40}}";

	// 20 bytes are 27 base64url characters unpadded; go-camo also accepts the padded form.
	private static final String BASE64_DIGEST = "{digest:[A-Za-z0-9_-]{27}=?}";

	private final Images images;

	private final UrlSignatures signatures;

	CamoController(Images images, UrlSignatures signatures) {
		this.images = images;
		this.signatures = signatures;
	}

	/**
	 * camo's path form and go-camo's hex form: {@code /<hex digest>/<hex url>}.
	 */
	@GetMapping("/" + HEX_DIGEST + "/{url}")
	Mono<Image> hex(@PathVariable String digest, @PathVariable String url,
			@RequestHeader HttpHeaders headers) {
		requireEnabled();
		return image(UrlSignatures.parseHex(digest), UrlSignatures.parseHex(url), headers);
	}

	/**
	 * camo's query form: {@code /<hex digest>?url=<url-encoded url>}.
	 */
	@GetMapping("/" + HEX_DIGEST)
	Mono<Image> query(@PathVariable String digest,
			@RequestParam(required = false) String url, @RequestHeader HttpHeaders headers) {
		requireEnabled();
		if (url == null) {
			throw new SignatureInvalidException("The signed URL is missing: add the url parameter");
		}
		return image(UrlSignatures.parseHex(digest), url.getBytes(StandardCharsets.UTF_8), headers);
	}

	/**
	 * go-camo's default form: {@code /<base64url digest>/<base64url url>}.
	 */
	@GetMapping("/" + BASE64_DIGEST + "/{url}")
	Mono<Image> base64(@PathVariable String digest, @PathVariable String url,
			@RequestHeader HttpHeaders headers) {
		requireEnabled();
		return image(parseBase64(digest), parseBase64(url), headers);
	}

	private Mono<Image> image(byte[] digest, byte[] url, HttpHeaders headers) {
		this.signatures.verify(Purpose.IMAGE, url, digest);
		return this.images.fetch(new String(url, StandardCharsets.UTF_8), headers);
	}

	private void requireEnabled() {
		if (!this.signatures.isEnabled()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private static byte[] parseBase64(String value) {
		try {
			return Base64.getUrlDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new SignatureInvalidException("The signed URL is malformed");
		}
	}

}
