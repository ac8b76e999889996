// Sign-in (the only public write), who am I, and HR's user administration. The rules are UsersService's; the
// access token (JWT) is signed here.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerGuard } from '@nestjs/throttler';
import { UsersService, UserView } from '@app/domain/access';
import { actorOf } from '../common/actor';
import { AllowedBeforePasswordChange, AuthedRequest, HrRead, HrWrite, Public, SignedIn } from './access';
import { BOARD_COOKIE, issueToken } from './tokens';

/** The dashboard cookie's options: Secure when the request came over https (directly or through a trusted proxy). */
function boardCookie(req: Request, expiresAt: string | null): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/admin/queues',
    ...(expiresAt ? { expires: new Date(expiresAt) } : {}),
  };
}
import { ChangePasswordDto, CreateUserDto, LoginDto, UpdateUserDto } from './users.dto';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in: {accessToken} for Authorization: Bearer (short-lived)' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this user or from this address' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const user = await this.users.signIn(body.username, body.password);
    const token = await issueToken(this.jwt, user);
    // HR's browser opens the queue dashboard as a page: it reads the token from this cookie, which scripts cannot
    // read (HttpOnly), other sites cannot send (SameSite=Strict), and only that path receives.
    if (user.role === 'hr_admin')
      res.cookie(BOARD_COOKIE, token.accessToken, boardCookie(req, token.expiresAt));
    return { ...token, mustChangePassword: Boolean(user.mustChangePassword) };
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Sign out: forgets the dashboard cookie (the access token itself expires by itself)',
  })
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.clearCookie(BOARD_COOKIE, boardCookie(req, null));
  }

  @Post('auth/password')
  @HttpCode(204)
  @SignedIn()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change your own password {currentPassword, newPassword}' })
  changePassword(@Body() body: ChangePasswordDto, @Req() req: AuthedRequest): Promise<void> {
    return this.users.changePassword(req.user!.id, body.currentPassword, body.newPassword);
  }

  @Get('auth/me')
  @SignedIn()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@Req() req: AuthedRequest): Promise<UserView> {
    return this.users.me(req.user!.id);
  }

  @Post('users')
  @HrWrite()
  @ApiOperation({ summary: 'Create a user {username, password, role, staffId?, departments?}' })
  createUser(@Body() body: CreateUserDto, @Req() req: AuthedRequest): Promise<UserView> {
    return this.users.create(body, actorOf(req));
  }

  @Get('users')
  @HrRead()
  listUsers(): Promise<UserView[]> {
    return this.users.list();
  }

  @Patch('users/:username')
  @HrWrite()
  @ApiOperation({
    summary:
      "Change a user's links {staffId?, departments?}: a staff user's staff record, a manager's departments",
  })
  updateUser(
    @Param('username') username: string,
    @Body() body: UpdateUserDto,
    @Req() req: AuthedRequest,
  ): Promise<UserView> {
    return this.users.update(username, body, actorOf(req));
  }

  @Post('users/:username/password-reset')
  @HrWrite()
  @ApiOperation({
    summary: 'Reset a user’s password: a one-time password, shown once, to be changed at the next sign-in',
  })
  resetPassword(@Param('username') username: string, @Req() req: AuthedRequest) {
    return this.users.resetPassword(username, actorOf(req));
  }

  @Delete('users/:username')
  @HttpCode(204)
  @HrWrite()
  @ApiOperation({ summary: 'Disable a user: their tokens stop working at once' })
  disable(@Param('username') username: string, @Req() req: AuthedRequest): Promise<void> {
    return this.users.disable(username, actorOf(req));
  }
}
