package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/qbench/qbench/internal/api"
)

// contract checks requests and responses against an OpenAPI document: the
// test harness (env.do) runs every request of the API tests through it, so
// the served description stays true.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	servedContract     *contract
	servedContractErr  error
	servedContractOnce sync.Once
)

// theContract is the contract of the document the server serves.
func theContract(t *testing.T) *contract {
	t.Helper()
	servedContractOnce.Do(func() {
		servedContract, servedContractErr = newContract(api.OpenAPI())
	})
	if servedContractErr != nil {
		t.Fatalf("OpenAPI document: %v", servedContractErr)
	}
	return servedContract
}

func loadDoc(data []byte) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return doc, nil
}

func newContract(data []byte) (*contract, error) {
	doc, err := loadDoc(data)
	if err != nil {
		return nil, err
	}
	return contractOf(doc)
}

func contractOf(doc *openapi3.T) (*contract, error) {
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	return &contract{doc: doc, router: router}, nil
}

// refusedInput are the statuses with which the server refuses input; a
// request the description refuses must get one of them. (Deliberately bad
// requests in the tests — malformed JSON, unknown fields, an image as
// results, limit=0 — are refused by both the description and the server;
// every request the server accepts or refuses for another reason, such as
// access or state, must validate.)
var refusedInput = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}

// check validates one exchange and returns what does not match the
// description.
func (k *contract) check(method, url string, reqHeader http.Header, reqBody []byte, status int, respHeader http.Header, respBody []byte) []string {
	var problems []string
	req, err := http.NewRequest(method, url, bytes.NewReader(reqBody))
	if err != nil {
		return []string{err.Error()}
	}
	if len(reqBody) == 0 {
		req.Body = http.NoBody
	}
	req.Header = reqHeader.Clone()
	ctx := context.Background()

	route, params, err := k.router.FindRoute(req)
	if err != nil {
		// Not a described endpoint: only the server's own 404 and 405
		// problems may answer it.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return []string{fmt.Sprintf("%s %s is not in the OpenAPI description (%v) but was answered %d", method, req.URL.Path, err, status)}
		}
		if err := k.checkProblem(respHeader, respBody); err != nil {
			problems = append(problems, fmt.Sprintf("%s %s: %d answer: %v", method, req.URL.Path, status, err))
		}
		return problems
	}
	reqInput := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc, // the server is the judge of tokens
			RejectWhenRequestBodyNotSpecified: true,
			SkipSettingDefaults:               true,
			MultiError:                        true,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, reqInput); err != nil && !slices.Contains(refusedInput, status) {
		problems = append(problems, fmt.Sprintf("%s %s: the request does not match the OpenAPI description, yet the server answered %d: %v",
			method, req.URL.Path, status, err))
	}
	respInput := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput, Status: status, Header: respHeader,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	respInput.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(ctx, respInput); err != nil {
		problems = append(problems, fmt.Sprintf("%s %s: the %d response does not match the OpenAPI description: %v\nbody: %.500s",
			method, req.URL.Path, status, err, respBody))
	}
	return problems
}

// checkProblem validates a problem document against the Problem schema.
func (k *contract) checkProblem(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("content type %q, want application/problem+json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return k.doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.VisitAsResponse())
}

// describedRoutes lists the described operations as "METHOD /path" in gin's
// spelling (/studies/:code).
func describedRoutes(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+ginPath(path))
		}
	}
	slices.Sort(out)
	return out
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func ginPath(openAPIPath string) string { return pathParam.ReplaceAllString(openAPIPath, ":$1") }

// compareRoutes returns the routes the description lacks and the described
// operations that are no route.
func compareRoutes(doc *openapi3.T, routes []string) (undescribed, unrouted []string) {
	described := describedRoutes(doc)
	for _, r := range routes {
		if !slices.Contains(described, r) {
			undescribed = append(undescribed, r)
		}
	}
	for _, d := range described {
		if !slices.Contains(routes, d) {
			unrouted = append(unrouted, d)
		}
	}
	return undescribed, unrouted
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	k := theContract(t)
	if k.doc.OpenAPI == "" || k.doc.Info.Title == "" {
		t.Errorf("document header: %q %q", k.doc.OpenAPI, k.doc.Info.Title)
	}
	// Every operation has an id, a summary and the error responses of the
	// server's own failures.
	for path, item := range k.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s: no operationId or summary", method, path)
			}
			if op.Responses.Status(http.StatusInternalServerError) == nil {
				t.Errorf("%s %s: no 500 response", method, path)
			}
		}
	}
}

// TestOpenAPIIsServed checks that the server serves the document without a
// token.
func TestOpenAPIIsServed(t *testing.T) {
	e := newEnv(t, api.Config{})
	r := e.do("GET", "/api/v1/openapi.json", "", "", nil).must(t, http.StatusOK)
	if !bytes.Equal(r.body, api.OpenAPI()) {
		t.Error("the served document differs from api.OpenAPI()")
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
}

// TestOpenAPIDescribesExactlyTheRoutes compares the routes table with the
// description both ways: a route missing from the description, or a
// described operation that is no route, fails.
func TestOpenAPIDescribesExactlyTheRoutes(t *testing.T) {
	e := newEnv(t, api.Config{}) // with /metrics on the API's address
	routes := e.server.Routes()
	if !slices.Contains(routes, "GET /metrics") || !slices.Contains(routes, "GET /api/v1/openapi.json") {
		t.Fatalf("routes %v lack /metrics or /api/v1/openapi.json", routes)
	}
	undescribed, unrouted := compareRoutes(theContract(t).doc, routes)
	if len(undescribed) > 0 {
		t.Errorf("routes missing from internal/api/openapi.json: %v", undescribed)
	}
	if len(unrouted) > 0 {
		t.Errorf("described operations that are no route: %v", unrouted)
	}
}

// TestOpenAPIRemovedEndpointFails removes endpoints from a copy of the
// document and checks that both the route comparison and the harness's
// validation notice.
func TestOpenAPIRemovedEndpointFails(t *testing.T) {
	e := newEnv(t, api.Config{})
	doc, err := loadDoc(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	doc.Paths.Delete("/api/v1/studies/{code}/profile")
	doc.Paths.Value("/api/v1/tokens").Post = nil
	undescribed, _ := compareRoutes(doc, e.server.Routes())
	want := []string{"GET /api/v1/studies/:code/profile", "POST /api/v1/tokens"}
	slices.Sort(undescribed)
	if !slices.Equal(undescribed, want) {
		t.Errorf("undescribed routes = %v, want %v", undescribed, want)
	}
	k, err := contractOf(doc)
	if err != nil {
		t.Fatal(err)
	}
	e.createStudy("RM", 2)
	hdr := http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}
	resp, body := e.raw("GET", "/api/v1/studies/RM/profile", hdr, nil)
	if problems := k.check("GET", e.url+"/api/v1/studies/RM/profile", hdr, nil, resp.StatusCode, resp.Header, body); len(problems) == 0 {
		t.Error("a request to an endpoint removed from the description validates")
	}
	// The intact description accepts the same exchange.
	if problems := theContract(t).check("GET", e.url+"/api/v1/studies/RM/profile", hdr, nil, resp.StatusCode, resp.Header, body); len(problems) > 0 {
		t.Errorf("the served description refuses the exchange: %v", problems)
	}
}

// TestOpenAPIRefusesUndescribedResponses checks that the validation bites:
// a response with a field, a status or a problem type the description does
// not know is refused.
func TestOpenAPIRefusesUndescribedResponses(t *testing.T) {
	e := newEnv(t, api.Config{})
	k := theContract(t)
	hdr := http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}
	jsonHdr := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"abc"}}
	problem := http.Header{"Content-Type": {"application/problem+json"}, "X-Request-Id": {"abc"}}
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
	}{
		{"undescribed field", 200, jsonHdr, `{"studies": [], "total": 0, "limit": 50, "offset": 0, "extra": 1}`},
		{"missing field", 200, jsonHdr, `{"studies": [], "total": 0, "limit": 50}`},
		{"undescribed status", 418, problem, `{"type": "urn:qbench:problem:internal", "title": "x", "status": 418, "detail": "x"}`},
		{"unknown problem type", 400, problem, `{"type": "urn:qbench:problem:oops", "title": "x", "status": 400, "detail": "x"}`},
		{"no request id", 200, http.Header{"Content-Type": {"application/json"}}, `{"studies": [], "total": 0, "limit": 50, "offset": 0}`},
	}
	for _, tc := range cases {
		if problems := k.check("GET", e.url+"/api/v1/studies", hdr, nil, tc.status, tc.header, []byte(tc.body)); len(problems) == 0 {
			t.Errorf("%s: validates", tc.name)
		}
	}
	if problems := k.check("GET", e.url+"/api/v1/studies", hdr, nil, 200, jsonHdr, []byte(`{"studies": [], "total": 0, "limit": 50, "offset": 0}`)); len(problems) > 0 {
		t.Errorf("a described response is refused: %v", problems)
	}
}

// TestOpenAPIListsEveryProblemType compares the description's problem types
// with the constants of problem.go (the API's own answers) and of
// internal/explain (the answers to errors).
func TestOpenAPIListsEveryProblemType(t *testing.T) {
	var inCode []string
	for _, file := range []string{"problem.go", "../explain/explain.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`[pP]refix \+ "([a-z-]+)"`).FindAllStringSubmatch(string(src), -1) {
			inCode = append(inCode, "urn:qbench:problem:"+m[1])
		}
	}
	var described []string
	for _, v := range theContract(t).doc.Components.Schemas["ProblemType"].Value.Enum {
		described = append(described, v.(string))
	}
	slices.Sort(inCode)
	slices.Sort(described)
	if len(inCode) == 0 || !slices.Equal(inCode, described) {
		t.Errorf("problem types in problem.go %v, in the description %v", inCode, described)
	}
}
