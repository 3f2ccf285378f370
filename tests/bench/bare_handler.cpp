// The reference for the submission benchmark: a Pistache endpoint with the service's thread count that
// answers every request with a fixed 201 JSON body and does nothing else. The service's submissions/s are
// reported as a ratio of this program's requests/s, measured in the same run with the same wrk settings.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>

using namespace Pistache;

class FixedCreated final : public Http::Handler {
public:
    HTTP_PROTOTYPE(FixedCreated)
    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override
    {
        // The service's HTTP/1.1 persistence (service/http/http_server.cpp), so both keep connections open.
        if (request.version() == Http::Version::Http11 && !request.headers().tryGet<Http::Header::Connection>()) {
            writer.headers().remove<Http::Header::Connection>();
            writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
        }
        writer.send(Http::Code::Created, R"({"id":"AAAAAAAAAAAAAAAAAAAAAA","submitted_at":"2026-11-24T00:00:00Z"})",
                    MIME(Application, Json));
    }
};

int main(int argc, char** argv)
{
    const int port = argc > 1 ? std::atoi(argv[1]) : 8091;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    Http::Endpoint endpoint(Address(Ipv4::loopback(), Port(static_cast<uint16_t>(port))));
    endpoint.init(Http::Endpoint::options().threads(threads).flags(Tcp::Options::ReuseAddr));
    endpoint.setHandler(Http::make_handler<FixedCreated>());
    endpoint.serveThreaded();
    std::cout << "bare handler on 127.0.0.1:" << port << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    endpoint.shutdown();
    return 0;
}
