# storybot in a container: a static binary on a distroless base, run as a non-root user.
#   docker build -t storybot .
#   docker run --rm -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN -p 127.0.0.1:9090:9090 storybot
# .ci/run builds the binary with this file's own go build line and checks that it starts.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot

# static: no libc, no shell; nonroot: uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /usr/local/bin/bot
USER nonroot:nonroot
# /healthz, /readyz and /metrics; a container's port must listen beyond its loopback.
ENV STORYBOT_OPS_LISTEN=:9090 STORYBOT_LOG_FORMAT=json
EXPOSE 9090
# SIGTERM stops it cleanly, finishing the replies in flight (slack.grace, discord.grace).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bot"]
CMD ["serve"]
