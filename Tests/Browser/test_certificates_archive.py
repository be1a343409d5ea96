"""证书管理's 批量下载: the whole query's certificates as one zip the gateway streams (GET /v1/certificates/archive).
The browser platform has no issued certificates of a known query (issuing needs the demo templates and the converter
pool), so this checks what can be checked on any data: the button downloads the query's zip with the list's filters,
the progress line ends with the counts, and the API answers a zip whose manifest is there and whose X-Total-Count
is the list's total, with a PDF for each file the manifest names. The zip's contents (PDFs under <number>/, multi-chunk files, the limit) are tested in
GatewayServiceTests/CertificatesArchiveRoutesTests."""
import io
import urllib.parse
import urllib.request
import zipfile

from conftest import raw_codes


def test_batch_download_streams_the_query_as_a_zip(admin_console, api, unique):
    console = admin_console
    console.go("证书管理")
    console.wait("[data-testid=certificates-table]")
    text = f"无此证书{unique}"
    console.fill("text", text)
    console.wait_text("没有符合条件的证书", css="[data-testid=certificates-table]")
    button = console.wait("[data-testid=download-archive]")
    assert "批量下载" in button.text
    button.click()
    console.wait_text("已下载 0 份证书，0 个文件", css="[data-testid=archive-progress]")
    console.screenshot("certificates-05-batch-download")
    assert not raw_codes(console.wait("#content").text)

    # The same query through the API: a zip holding the manifest alone, and the total in the header.
    request = urllib.request.Request(f"{api.base_url}/v1/certificates/archive?text={urllib.parse.quote(text)}&state=issued")
    request.add_header("Authorization", f"Bearer {api.token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Type"] == "application/zip"
        assert response.headers["X-Total-Count"] == "0"
        assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
        body = response.read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert archive.namelist() == ["清单.csv"]
    assert archive.read("清单.csv").decode("utf-8-sig").startswith("证书编号,种类,状态,委托单位")
    # Whatever the platform holds: the issued certificates' archive has the list's total, one manifest line each, and
    # every PDF the manifest names under the certificate's folder.
    listed = api.get("/v1/certificates?state=issued&pageSize=1")["total"]
    if listed > 2000:
        return
    request = urllib.request.Request(f"{api.base_url}/v1/certificates/archive?state=issued")
    request.add_header("Authorization", f"Bearer {api.token}")
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.headers["X-Total-Count"] == str(listed)
        archive = zipfile.ZipFile(io.BytesIO(response.read()))
    assert archive.testzip() is None
    lines = archive.read("清单.csv").decode("utf-8-sig").strip().splitlines()
    assert len(lines) == listed + 1
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert all(archive.read(name).startswith(b"%PDF") for name in pdfs)
