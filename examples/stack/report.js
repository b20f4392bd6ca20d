// velos stack example: a scheduled job. velos restarts it on its cron_restart schedule; each
// start writes one report line and then the process idles until the next restart (velos only
// restarts a running app on schedule, so the job stays alive between runs).
const started = new Date();
const memory = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`report: generated at ${started.toISOString()} (pid ${process.pid}, ${memory} MiB)`);

const idle = setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => {
  console.log('report: stopping');
  clearInterval(idle);
  process.exit(0);
});
