package cn.jifen.support;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** JSON API calls as a client makes them: a bearer token from POST /api/v1/tokens, then bodies sent with it. */
public final class ApiCalls {
    private ApiCalls() { }

    /** A token of a demo (or test) account. */
    public static String token(MockMvc mvc, String username, String password) throws Exception {
        return JsonPath.read(mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }

    /** The request with the token and a JSON body (UTF-8). */
    public static MvcResult send(MockMvc mvc, MockHttpServletRequestBuilder request, String token, String json)
            throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content(json.getBytes(StandardCharsets.UTF_8))).andReturn();
    }

    /** The answer's body as text. */
    public static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
