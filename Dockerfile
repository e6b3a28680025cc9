# syntax=docker/dockerfile:1
# Whetstone container image. PostgreSQL is external: set DATABASE_URL (docker-compose.yml does).
#
#   docker build -t whetstone .
#   docker run -e DATABASE_URL=postgres://... -p 8080:8080 whetstone

# --- build -------------------------------------------------------------------------------------
FROM rust:1.95-bookworm AS builder
WORKDIR /src
# Queries are checked against the committed .sqlx/ data: no database at build time.
ENV SQLX_OFFLINE=true
COPY . .
# Cache the registry and target directory between builds (BuildKit, the default builder).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin whetstone \
    && cp target/release/whetstone /usr/local/bin/whetstone

# --- runtime -----------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin whetstone
WORKDIR /app
COPY --from=builder /usr/local/bin/whetstone /usr/local/bin/whetstone
# Templates are compiled into the binary; the rest is read at run time.
COPY --chown=whetstone:whetstone corpus ./corpus
COPY --chown=whetstone:whetstone rubrics ./rubrics
COPY --chown=whetstone:whetstone static ./static
COPY --chown=whetstone:whetstone migrations ./migrations
RUN mkdir -p /app/data && chown whetstone:whetstone /app/data
USER whetstone
ENV WHETSTONE_HOST=0.0.0.0 \
    WHETSTONE_PORT=8080 \
    WHETSTONE_DATA_DIR=/app/data \
    WHETSTONE_LOG_FORMAT=json
EXPOSE 8080
VOLUME ["/app/data"]
# serve refuses to start its own PostgreSQL here: there are no server binaries in this image, and
# DATABASE_URL must name the database.
CMD ["whetstone", "serve"]
