# grovesim on Debian 12: the image docs/campaigns.md's Kubernetes example runs.
#   docker build -t registry.example/grovesim:latest .
#   docker run --rm registry.example/grovesim:latest grovesim campaign --scenario vkv --seeds 1..100 --out /tmp/out
FROM debian:12 AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
# No browser in the image: it only renders the report test.
RUN GROVE_NO_BROWSER=1 bash scripts/install-deps.sh
COPY . .
RUN rm -rf build && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGROVE_BUILD_BENCH=OFF -DGROVE_BUILD_TESTS=OFF \
    && cmake --build build -j"$(nproc)" --target grovesim

FROM debian:12
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libboost-context1.74.0 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/cli/grovesim /usr/local/bin/grovesim
WORKDIR /work
ENTRYPOINT []
CMD ["grovesim", "--help"]
