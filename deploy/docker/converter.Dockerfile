# The document converter: deploy/converter/converter.py in front of one headless LibreOffice per container (the
# certificates service's ConverterPool sends it one document at a time). Separate from the platform image: LibreOffice
# is ~400 MB that no other service needs. Build from the repository root:
#   docker build -f deploy/docker/converter.Dockerfile -t metrology/converter:0.1.0 .
FROM debian:bookworm-slim
# Debian's LibreOffice 7.4 without X (the -nogui packages), Debian's python3 with the UNO bridge (python3-uno belongs
# to that interpreter), Noto CJK for Chinese text and watermarks, DejaVu as the Latin fallback.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-draw-nogui \
      python3-uno fonts-noto-cjk fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home metrology
COPY deploy/converter/converter.py /app/converter.py
USER metrology
# The profile lives in /tmp (a tmpfs or emptyDir): it is a cache, rebuilt in a few seconds on a fresh start.
ENV METROLOGY_CONVERTER_HOST=0.0.0.0 METROLOGY_CONVERTER_PORT=8080 METROLOGY_CONVERTER_PROFILE=/tmp/libreoffice \
    METROLOGY_CONVERTER_TIMEOUT=60
EXPOSE 8080
# converter.py stops LibreOffice itself on SIGTERM; as PID 1 it gets that signal directly.
ENTRYPOINT ["/usr/bin/python3", "/app/converter.py"]
