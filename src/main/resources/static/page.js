'use strict';

// The live page: starts a job with POST /api/jobs, follows it over /api/jobs/{id}/events and
// cancels it with DELETE /api/jobs/{id}. Plain DOM, no framework, nothing loaded from elsewhere.
(() => {
	// What each problem short name (urn:fetchflux:problem:<name>) means to a person.
	const REASONS = {
		'destination-refused': 'Refused: this address is not allowed',
		'invalid-url': 'Not a valid http or https URL',
		'upstream-not-found': 'Not found: the site has nothing at this address',
		'upstream-timeout': 'Timed out: the site did not answer in time',
		'upstream-failed': 'Failed: the site could not be reached or answered with an error',
		'not-an-image': 'Not an image of a supported format',
		'image-too-large': 'Image too large: it declares too many pixels',
		'body-too-large': 'Too large: the body is over the size limit',
		'signature-invalid': 'Refused: the signature is missing or wrong',
		'loop-detected': 'Refused: the URL leads back to fetchflux',
		'saturated': 'Busy: too many fetches at once',
		'internal-error': 'The service failed unexpectedly'
	};

	const FINAL_STATES = ['succeeded', 'cancelled', 'failed'];

	const $ = (id) => document.getElementById(id);
	const form = $('job-form');
	const urls = $('urls');
	const concurrency = $('concurrency');
	const start = $('start');
	const cancel = $('cancel');
	const problem = $('problem');
	const section = $('job');
	const jobId = $('job-id');
	const jobLink = $('job-link');
	const progress = $('progress');
	const progressText = $('progress-text');
	const state = $('state');
	const stream = $('stream');
	const rows = document.querySelector('#results tbody');

	// The job on show: {id, total, shown, failed, lastEventId, source, finished, busy}.
	let job = null;

	// Whether a POST /api/jobs is on its way: one click starts one job.
	let starting = false;

	function submittedUrls() {
		return urls.value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
	}

	function updateButtons() {
		const active = job !== null && !job.finished;
		start.disabled = starting || active || submittedUrls().length === 0;
		cancel.disabled = !active || job.busy;
	}

	function showProblem(lead, detail) {
		problem.replaceChildren();
		const strong = document.createElement('strong');
		strong.textContent = lead;
		problem.append(strong);
		if (detail) {
			problem.append(' ' + detail);
		}
		problem.hidden = false;
	}

	function hideProblem() {
		problem.hidden = true;
		problem.replaceChildren();
	}

	function showStream(message) {
		stream.textContent = message;
		stream.hidden = message === '';
	}

	function setState(name, message) {
		state.dataset.state = name;
		state.textContent = message;
	}

	// The words of a problem answer: its detail (or title), its status, and when to retry.
	async function problemWords(response) {
		let words = '';
		const type = response.headers.get('Content-Type') || '';
		if (type.includes('json')) {
			try {
				const body = await response.json();
				words = body.detail || body.title || '';
			}
			catch (ignored) {
				// Not the JSON it claimed to be: the status says what is left to say.
			}
		}
		words = (words ? words + ' ' : '') + '(HTTP ' + response.status + ')';
		const retry = response.headers.get('Retry-After');
		if (retry) {
			words += /^\d+$/.test(retry) ? ' Try again in ' + retry + ' s.' : ' Try again after ' + retry + '.';
		}
		return words;
	}

	function jobPath(id) {
		return '/api/jobs/' + encodeURIComponent(id);
	}

	async function startJob(event) {
		event.preventDefault();
		if (starting || (job !== null && !job.finished)) {
			return;
		}
		const list = submittedUrls();
		if (list.length === 0) {
			showProblem('Nothing to check.', 'Paste at least one URL, one per line.');
			urls.focus();
			return;
		}
		const body = { urls: list, mode: form.elements.mode.value };
		const wanted = concurrency.value.trim();
		if (wanted !== '') {
			const number = Number(wanted);
			if (!Number.isInteger(number) || number < 1) {
				showProblem('Fetches at once must be a whole number, 1 or more.', '');
				concurrency.focus();
				return;
			}
			body.concurrency = number;
		}
		hideProblem();
		starting = true;
		updateButtons();
		let response;
		try {
			response = await fetch('/api/jobs', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' },
				body: JSON.stringify(body)
			});
		}
		catch (failure) {
			response = null;
		}
		starting = false;
		if (response === null || !response.ok) {
			const words = (response === null) ? 'The service could not be reached.' : await problemWords(response);
			showProblem('The job was not started.', words);
			updateButtons();
			return;
		}
		let id;
		try {
			id = (await response.json()).id;
		}
		catch (ignored) {
			id = (response.headers.get('Location') || '').split('/').pop();
		}
		history.replaceState(null, '', '?job=' + encodeURIComponent(id));
		follow(id, list.length);
	}

	function follow(id, total) {
		if (job !== null && job.source) {
			job.source.close();
		}
		job = { id: id, total: total, shown: 0, failed: 0, lastEventId: 0, source: null, finished: false, busy: false };
		jobId.textContent = id;
		jobLink.href = jobPath(id);
		rows.replaceChildren();
		section.hidden = false;
		showStream('');
		setState('running', 'Waiting for the first results…');
		showProgress();
		openStream(job);
		updateButtons();
	}

	function openStream(current) {
		const source = new EventSource(jobPath(current.id) + '/events');
		current.source = source;
		source.addEventListener('progress', (event) => progressed(current, event));
		source.addEventListener('done', (event) => {
			source.close();
			finish(current, JSON.parse(event.data));
		});
		source.addEventListener('open', () => showStream(''));
		source.addEventListener('error', () => {
			if (current !== job || current.finished) {
				return;
			}
			if (source.readyState === EventSource.CONNECTING) {
				// EventSource reconnects by itself and sends Last-Event-ID: no event is lost.
				showStream('The live connection was lost. Reconnecting…');
			}
			else {
				showStream('The live connection was closed. Checking the job…');
				recover(current);
			}
		});
	}

	// The stream ended without a done event and EventSource gave up (an error answer): the job
	// document says whether it is over; if not, a new stream replays every event from the first.
	async function recover(current) {
		let response;
		try {
			response = await fetch(jobPath(current.id), { headers: { 'Accept': 'application/json' } });
		}
		catch (failure) {
			retryLater(current);
			return;
		}
		if (current !== job || current.finished) {
			return;
		}
		if (response.status === 404) {
			showStream('');
			current.finished = true;
			setState('gone', 'This job is no longer known to the service. ' + await problemWords(response));
			updateButtons();
			return;
		}
		if (!response.ok) {
			showStream('The job could not be read: ' + await problemWords(response) + ' Trying again shortly…');
			retryLater(current);
			return;
		}
		const jobDocument = await response.json();
		catchUp(current, jobDocument);
		if (FINAL_STATES.includes(jobDocument.state)) {
			finish(current, jobDocument);
		}
		else {
			// As EventSource itself would, wait a little before asking again.
			setTimeout(() => {
				if (current === job && !current.finished) {
					openStream(current);
				}
			}, 3000);
		}
	}

	function retryLater(current) {
		setTimeout(() => {
			if (current === job && !current.finished) {
				recover(current);
			}
		}, 5000);
	}

	function progressed(current, event) {
		const number = Number(event.lastEventId) || current.lastEventId + 1;
		if (current !== job || current.finished || number <= current.lastEventId) {
			return;
		}
		current.lastEventId = number;
		addRow(current, JSON.parse(event.data));
		setState('running', 'Running: ' + current.shown + ' of ' + current.total + ' done, ' + current.failed
				+ ' failed.');
	}

	// The results of a job document that no event has shown yet: event n carries result n.
	function catchUp(current, jobDocument) {
		const results = Array.isArray(jobDocument.results) ? jobDocument.results : [];
		for (let index = current.lastEventId; index < results.length; index++) {
			addRow(current, results[index]);
			current.lastEventId = index + 1;
		}
	}

	function finish(current, jobDocument) {
		if (current !== job || current.finished) {
			return;
		}
		current.finished = true;
		if (current.source) {
			current.source.close();
		}
		if (typeof jobDocument.total === 'number') {
			current.total = jobDocument.total;
		}
		showStream('');
		showProgress();
		const done = typeof jobDocument.done === 'number' ? jobDocument.done : current.shown;
		const failed = typeof jobDocument.failed === 'number' ? jobDocument.failed : current.failed;
		if (jobDocument.state === 'cancelled') {
			setState('cancelled', 'Cancelled: ' + done + ' of ' + current.total + ' done before the job was stopped, '
					+ failed + ' failed.');
		}
		else if (jobDocument.state === 'failed') {
			setState('failed', 'The job could not run: ' + (jobDocument.reason || 'no reason given') + '.');
		}
		else {
			setState(jobDocument.state || 'succeeded', 'Finished: ' + done + ' of ' + current.total + ' done, '
					+ failed + ' failed.');
		}
		updateButtons();
	}

	async function cancelJob() {
		if (job === null || job.finished || job.busy) {
			return;
		}
		const current = job;
		current.busy = true;
		updateButtons();
		setState('cancelling', 'Cancelling…');
		let response;
		try {
			response = await fetch(jobPath(current.id), { method: 'DELETE', headers: { 'Accept': 'application/json' } });
		}
		catch (failure) {
			response = null;
		}
		current.busy = false;
		if (response === null || !response.ok) {
			const words = (response === null) ? 'The service could not be reached.' : await problemWords(response);
			showProblem('The job was not cancelled.', words);
			if (!current.finished) {
				setState('running', 'Running: ' + current.shown + ' of ' + current.total + ' done.');
			}
			updateButtons();
			return;
		}
		const jobDocument = await response.json();
		catchUp(current, jobDocument);
		finish(current, jobDocument);
	}

	function showProgress() {
		const total = job.total;
		const done = Math.min(job.shown, total);
		const percent = total > 0 ? Math.floor(done * 100 / total) : 0;
		progress.max = Math.max(total, 1);
		progress.value = done;
		progressText.textContent = done + ' of ' + total + ' (' + percent + '%)';
		progress.setAttribute('aria-valuetext', progressText.textContent);
	}

	function cell(row, label, content) {
		const td = document.createElement('td');
		td.dataset.label = label;
		if (content instanceof Node) {
			td.append(content);
		}
		else {
			td.textContent = content;
		}
		row.append(td);
		return td;
	}

	function element(tag, className, text) {
		const node = document.createElement(tag);
		node.className = className;
		if (text !== undefined) {
			node.textContent = text;
		}
		return node;
	}

	function reason(short) {
		const words = element('span', 'reason');
		words.append(element('span', 'words', REASONS[short] || 'Failed'), ' ', element('code', 'short', short));
		return words;
	}

	function preview(url) {
		const image = element('img', 'thumb');
		image.alt = 'Preview of ' + url;
		image.decoding = 'async';
		image.addEventListener('error', () => image.replaceWith(element('span', 'muted', 'No preview')));
		image.src = '/api/images?url=' + encodeURIComponent(url);
		return image;
	}

	function addRow(current, line) {
		const failed = Boolean(line.error);
		const row = document.createElement('tr');
		row.className = failed ? 'failed' : 'ok';
		cell(row, 'URL', element('span', 'url', line.url));
		cell(row, 'Status', String(line.status));
		cell(row, 'Type', line.contentType || '–');
		cell(row, 'Bytes', typeof line.bytes === 'number' ? line.bytes.toLocaleString('en') : '–');
		if (line.sha256) {
			const hash = element('code', 'hash', line.sha256.slice(0, 12) + '…');
			hash.title = line.sha256;
			cell(row, 'SHA-256', hash);
		}
		else {
			cell(row, 'SHA-256', '–');
		}
		cell(row, 'Time', typeof line.tookMs === 'number' ? line.tookMs + ' ms' : '–');
		cell(row, 'Result', failed ? reason(line.error) : element('span', 'okay', 'OK'));
		const image = !failed && typeof line.contentType === 'string' && line.contentType.startsWith('image/');
		cell(row, 'Preview', image ? preview(line.url) : '');
		rows.append(row);
		current.shown++;
		if (failed) {
			current.failed++;
		}
		showProgress();
	}

	// A reload of ?job=<id> shows that job again: its stream replays every event from the first.
	async function resume(id) {
		let response;
		try {
			response = await fetch(jobPath(id), { headers: { 'Accept': 'application/json' } });
		}
		catch (failure) {
			showProblem('The job could not be shown.', 'The service could not be reached.');
			return;
		}
		if (!response.ok) {
			showProblem('The job could not be shown.', await problemWords(response));
			return;
		}
		const jobDocument = await response.json();
		follow(id, jobDocument.total);
	}

	form.addEventListener('submit', startJob);
	cancel.addEventListener('click', cancelJob);
	urls.addEventListener('input', updateButtons);
	urls.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
			form.requestSubmit();
		}
	});
	const resumed = new URLSearchParams(location.search).get('job');
	if (resumed) {
		resume(resumed);
	}
	updateButtons();
})();
