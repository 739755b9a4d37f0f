package io.fetchflux.image;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the image endpoints accept.
 */
@ConfigurationProperties("fetchflux.images")
public class ImageProperties {

	/**
	 * Whether SVG images are relayed; off by default because SVG is a document that can carry scripts.
	 */
	private boolean svgEnabled;

	public boolean isSvgEnabled() {
		return this.svgEnabled;
	}

	public void setSvgEnabled(boolean svgEnabled) {
		this.svgEnabled = svgEnabled;
	}

}
