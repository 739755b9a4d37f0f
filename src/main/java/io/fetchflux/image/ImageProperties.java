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

	/**
	 * Most pixels (width times height, as the image header declares them) an image may have.
	 */
	private long maxPixels = 50_000_000;

	public boolean isSvgEnabled() {
		return this.svgEnabled;
	}

	public void setSvgEnabled(boolean svgEnabled) {
		this.svgEnabled = svgEnabled;
	}

	public long getMaxPixels() {
		return this.maxPixels;
	}

	public void setMaxPixels(long maxPixels) {
		this.maxPixels = maxPixels;
	}

}
