// `tnt-forms serve`: config → pool → migrations → forms → repositories → routes → server.
// Start-up and shutdown are explicit: SIGINT/SIGTERM are blocked before any thread starts, the main
// thread waits for them, then the service stops taking work, lets the work in flight finish, and
// closes the HTTP endpoint, the workers and the database pool in that order.
#include <signal.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/app/service_components.h"
#include "service/http/dispatcher.h"
#include "service/http/http_server.h"
#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/http/socket_writer.h"
#include "service/http/worker_pool.h"
#include "service/storage/connection_pool.h"
#include "service/storage/database_error.h"
#include "service/storage/health_probe.h"
#include "service/storage/migration_runner.h"

namespace tnt::app {
namespace {

bool reportProblems(const std::vector<std::string>& problems)
{
    for (const auto& p : problems) std::cerr << "tnt-forms: configuration : " << p << "\n";
    return !problems.empty();
}

std::shared_ptr<spdlog::logger> makeLogger()
{
    // Request lines go through a background thread so a slow terminal never slows a request.
    spdlog::init_thread_pool(16384, 1);
    auto logger =
        std::make_shared<spdlog::async_logger>("tnt-forms", std::make_shared<spdlog::sinks::stderr_sink_mt>(),
                                               spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
    spdlog::set_default_logger(logger);
    return logger;
}

}  // namespace

int runServe(const DatabaseConfig& database, const ServeConfig& serve)
{
    auto problems = checkDatabaseConfig(database);
    const auto more = checkServeConfig(serve);
    problems.insert(problems.end(), more.begin(), more.end());
    if (reportProblems(problems)) return 2;

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto log = makeLogger();
    ListenAddress listen;
    parseListenAddress(serve.listen, listen);

    storage::DatabaseSettings settings;
    try {
        settings = toDatabaseSettings(database);
    } catch (const std::exception& e) {
        log->critical("{}", e.what());
        return 2;
    }
    storage::ConnectionPool pool(settings, {.size = static_cast<std::size_t>(database.pool_size),
                                            .acquire_timeout = std::chrono::milliseconds(2000),
                                            .validate_after_idle = std::chrono::milliseconds(1000)});

    if (serve.migrate) {
        try {
            const auto report = storage::MigrationRunner(pool).apply(storage::readMigrationFiles(serve.schema_dir));
            log->info("migrations: {} applied now, {} already applied", report.applied.size(), report.already_applied);
        } catch (const std::exception& e) {
            log->critical("migrations: {}", e.what());
            return 1;
        }
    }

    try {
        http::SocketWriter::checkSpoolDir(serve.spool_dir);
    } catch (const std::exception& e) {
        log->critical("--spool-dir : impossible d'y créer un fichier ({}) : {}", serve.spool_dir, e.what());
        return 2;
    }

    std::unique_ptr<ServiceComponents> components;
    try {
        components = std::make_unique<ServiceComponents>(
            pool, serve, log, std::make_pair([&pool] { pool.threadInit(); }, [&pool] { pool.threadEnd(); }));
    } catch (const std::exception& e) {
        log->critical("{}", e.what());
        return 1;
    }

    http::Metrics metrics;
    http::WorkerPool workers(
        static_cast<std::size_t>(serve.workers), static_cast<std::size_t>(serve.queue),
        {.on_thread_start = [&pool] { pool.threadInit(); }, .on_thread_stop = [&pool] { pool.threadEnd(); }});
    metrics.addGauge("tnt_db_connections_in_use", "Database connections leased right now.",
                     [&pool] { return static_cast<double>(pool.inUse()); });
    metrics.addGauge("tnt_db_connections_open", "Database connections open (in use or idle).",
                     [&pool] { return static_cast<double>(pool.open()); });
    metrics.addGauge("tnt_db_connections_max", "Size of the database connection pool.",
                     [&pool] { return static_cast<double>(pool.capacity()); });
    metrics.addGauge("tnt_worker_queue_depth", "Requests waiting for a worker thread.",
                     [&workers] { return static_cast<double>(workers.queued()); });
    metrics.addGauge("tnt_workers_busy", "Worker threads running a request.",
                     [&workers] { return static_cast<double>(workers.busy()); });

    storage::HealthProbe probe(pool);
    http::Router router;
    components->addRoutes(router, probe, metrics);

    http::Dispatcher dispatcher(router, workers, metrics, log,
                                {.max_body_bytes = serve.max_body_bytes,
                                 .retry_after_seconds = 2,
                                 .log_requests = serve.log_requests,
                                 .trusted_proxies = http::TrustedProxies(serve.trusted_proxies)});
    http::HttpServer server({.address = listen.host,
                             .port = listen.port,
                             .threads = serve.threads,
                             .max_body_bytes = serve.max_body_bytes,
                             .max_request_bytes = serve.max_body_bytes + 65536,
                             .header_timeout = std::chrono::seconds(serve.header_timeout_seconds),
                             .keepalive_timeout = std::chrono::seconds(serve.keepalive_seconds),
                             .send_timeout = std::chrono::seconds(serve.send_timeout_seconds),
                             .spool_dir = serve.spool_dir},
                            dispatcher);
    metrics.addGauge("tnt_http_sends_pending", "Responses being sent to slow readers, and streamed exports.",
                     [&server] { return static_cast<double>(server.pendingSends()); });
    try {
        server.start();
    } catch (const std::exception& e) {
        log->critical("cannot listen on {}: {}", serve.listen, e.what());
        return 1;
    }
    log->info("tnt-forms listening on http://{}:{}/ (database {}, {} workers, pool {})", listen.host, listen.port,
              settings.describe(), serve.workers, database.pool_size);

    int received = 0;
    sigwait(&signals, &received);
    log->info("signal {} received: finishing the requests in flight", received == SIGINT ? "SIGINT" : "SIGTERM");

    // Let the queued and running requests finish while the endpoint still exists to send their answers.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((workers.queued() > 0 || workers.busy() > 0 || components->submissionsInFlight() > 0 ||
            server.pendingSends() > 0) &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server.shutdown();
    workers.shutdown();
    // The background threads (counters, e-mail senders, group places) stop before the log they write to.
    components.reset();
    pool.close();
    log->info("stopped cleanly");
    log->flush();
    spdlog::shutdown();
    return 0;
}

int runMigrate(const DatabaseConfig& database, const std::string& schema_dir)
{
    try {
        const auto files = storage::readMigrationFiles(schema_dir);
        auto pool = openCommandPool(database, 1);
        if (!pool) return 2;
        const auto report = storage::MigrationRunner(*pool).apply(files);
        for (const auto& name : report.applied) std::cout << "appliquée : " << name << "\n";
        std::cout << report.applied.size() << " migration(s) appliquée(s), " << report.already_applied
                  << " déjà en place.\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tnt-forms migrate : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tnt::app
