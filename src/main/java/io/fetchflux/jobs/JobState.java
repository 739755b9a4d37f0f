package io.fetchflux.jobs;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a job is in its life. A job whose every URL failed still {@link #SUCCEEDED}: it ran, and
 * its lines say what failed; {@link #FAILED} is for a job that could not run to its end.
 */
public enum JobState {

	QUEUED, RUNNING, SUCCEEDED, CANCELLED, FAILED;

	/**
	 * The state's name in documents, events and metric tags.
	 * @return the lowercase name, such as {@code running}
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the job has ended: nothing changes in it any more.
	 * @return whether this is a final state
	 */
	public boolean isFinal() {
		return this != QUEUED && this != RUNNING;
	}

	static JobState of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
