package io.fetchflux.image;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class ImageController {

	private final Images images;

	ImageController(Images images) {
		this.images = images;
	}

	@GetMapping("/api/images")
	Mono<ResponseEntity<Flux<DataBuffer>>> image(@RequestParam String url, @RequestHeader HttpHeaders headers) {
		return this.images.fetch(url, headers).map(Image::toResponse);
	}

}
