/* A test-owned stand-in for a vendor ID card SDK: exports the same entry points
 * (CVR_* when built with -DCVR_STYLE, plain names otherwise) and holds one card in memory.
 * SIMSDK_* functions let the tests place cards and break things. */
#include <string.h>

#ifdef CVR_STYLE
#define SYM(name) CVR_##name
#else
#define SYM(name) name
#endif

static unsigned char g_text[256];
static unsigned char g_photo[1024];
static unsigned int g_photo_len = 0;
static int g_card = 0, g_open = 0, g_loaded = 0, g_port_ok = 1, g_read_rc = 1, g_hang_ms = 0;

void SIMSDK_Load(const unsigned char *text, const unsigned char *photo, unsigned int photo_len) {
    memcpy(g_text, text, 256);
    g_photo_len = photo_len > sizeof g_photo ? sizeof g_photo : photo_len;
    memcpy(g_photo, photo, g_photo_len);
    g_card = 1;
}
void SIMSDK_Remove(void) { g_card = 0; g_loaded = 0; }
void SIMSDK_SetPortOk(int ok) { g_port_ok = ok; if (!ok) g_open = 0; }
void SIMSDK_SetReadRc(int rc) { g_read_rc = rc; }
int SIMSDK_IsOpen(void) { return g_open; }

int SYM(InitComm)(int port) {
    if (!g_port_ok || port <= 0) return 0;
    g_open = 1;
    return 1;
}
int SYM(CloseComm)(void) { g_open = 0; return 1; }
int SYM(Authenticate)(void) {
    if (!g_open || !g_port_ok) { g_open = 0; return -1; }
    return g_card ? 1 : 0;
}
int SYM(Read_Content)(int active) {
    (void)active;
    if (!g_open || !g_port_ok) return -1;
    if (!g_card) return 0;
    if (g_read_rc != 1) return g_read_rc;
    g_loaded = 1;
    return 1;
}
#ifndef OMIT_READBASEMSG
int SYM(ReadBaseMsg)(unsigned char *text, unsigned int *text_len, unsigned char *photo,
                     unsigned int *photo_len, int mode) {
    (void)mode;
    if (!g_loaded) return 0;
    if (*text_len < 256 || *photo_len < g_photo_len) return -5;
    memcpy(text, g_text, 256);
    *text_len = 256;
    memcpy(photo, g_photo, g_photo_len);
    *photo_len = g_photo_len;
    return 1;
}
#endif
