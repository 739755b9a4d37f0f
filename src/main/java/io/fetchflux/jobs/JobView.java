package io.fetchflux.jobs;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fetchflux.batch.ResultLine;

/**
 * A job as {@code GET /api/jobs/{id}} answers it, and, without its results, as the data of its
 * {@code done} event.
 *
 * @param id the job's id
 * @param state where the job is in its life
 * @param total how many URLs it has
 * @param done how many of its URLs are finished, failed ones included
 * @param failed how many of its URLs failed
 * @param createdAt when it was accepted
 * @param finishedAt when it ended, or {@code null}
 * @param reason why it could not run to its end, only when it {@link JobState#FAILED failed}
 * @param results its lines in the order they finished, or {@code null} where they are left out
 */
record JobView(String id, JobState state, int total, int done, int failed, Instant createdAt, Instant finishedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) String reason,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<ResultLine> results) {

	JobView withoutResults() {
		return new JobView(this.id, this.state, this.total, this.done, this.failed, this.createdAt, this.finishedAt,
				this.reason, null);
	}

	/**
	 * The id of the job's {@code done} event: the events are its lines, 1 to done, then done itself.
	 */
	long doneEventId() {
		return this.done + 1L;
	}

}
